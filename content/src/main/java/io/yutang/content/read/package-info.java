/**
 * Reading measured: each visit of an article's page (its id made by the page) and the beacons it
 * sends, merged into one read per visit with the longest dwell and the deepest scroll.
 */
package io.yutang.content.read;

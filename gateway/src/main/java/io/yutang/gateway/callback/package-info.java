/**
 * The service-account callback: verifies, decrypts, bounds and parses what WeChat pushes, stores
 * each event once, routes it through one table to a small handler per type, and replies within
 * WeChat's five seconds.
 */
package io.yutang.gateway.callback;

/**
 * The H5 pages prospects open in WeChat's browser: registration and the live room. Server-rendered
 * with a little inline script, no build step; texts from the message bundle.
 */
package io.yutang.livestream.page;

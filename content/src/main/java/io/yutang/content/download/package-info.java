/** Signed, expiring download links and the downloads they serve (files with ranges, or redirects), each recorded. */
package io.yutang.content.download;

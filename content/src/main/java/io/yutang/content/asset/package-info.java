/** Gated assets: marketing's API, the versions of each asset's file, and the store of both. */
package io.yutang.content.asset;

/** The gated asset's H5 page prospects open in WeChat, and its cover image. */
package io.yutang.content.page;

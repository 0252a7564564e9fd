/** The H5 pages prospects open in WeChat: a gated asset's page and its cover, an article's page with the sharer's card and its images. */
package io.yutang.content.page;

/**
 * Per-article and per-asset reports: views, unique viewers, reads (articles) or leads and downloads
 * (assets), each split by sharer, department and partner through the share token's sharer as
 * referral resolves it ({@link io.yutang.referral.SharerCards}).
 */
package io.yutang.content.report;

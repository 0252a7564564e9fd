/**
 * What a signed-in sharer sees of their own sharing (我的推广): the campaigns they may share, their
 * link, poster, results and rank, and the recent steps of the prospects they brought — as JSON
 * ({@code /my/campaigns/{id}/…}) and as the H5 pages {@code /my} and {@code /my/campaigns/{id}}.
 */
package io.yutang.referral.mine;

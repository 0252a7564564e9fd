package io.yutang.referral.sharer;

import java.util.List;

/**
 * One page of marketing's sharer list.
 *
 * @param total how many sharers match the filters on all pages
 * @param page the page, from 0
 * @param size the most items a page holds
 */
public record SharerPage(List<SharerListing> items, long total, int page, int size) {
}

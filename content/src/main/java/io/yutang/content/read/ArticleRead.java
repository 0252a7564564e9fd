package io.yutang.content.read;

import java.time.Instant;

/**
 * One visit of an article's page as read so far: what a lead scorer needs.
 *
 * @param dwellSeconds the longest visible time the page reported for the visit
 * @param scrollPercent the deepest scroll the page reported, 0–100
 * @param shareToken the share link the page was opened with, if any
 * @param openedAt when the visit's first beacon arrived
 */
public record ArticleRead(String visitId, long articleId, long contactId, String shareToken, int dwellSeconds,
        int scrollPercent, Instant openedAt, Instant updatedAt) {
}

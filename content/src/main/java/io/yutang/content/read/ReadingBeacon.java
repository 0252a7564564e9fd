package io.yutang.content.read;

/**
 * What an article's page reports for a visit.
 *
 * @param visitId the visit's random id, made by the page on load
 * @param dwellSeconds visible time so far
 * @param scrollPercent deepest scroll so far
 * @param shareToken the page's {@code st}, or null
 */
public record ReadingBeacon(String visitId, int dwellSeconds, int scrollPercent, String shareToken) {
}

package io.yutang.content.report;

/**
 * One group of a report's split.
 *
 * @param key the sharer's id, the department or the company; {@code organic} for what no sharer brought
 */
public record SplitRow<F>(String key, String label, F figures) {
}

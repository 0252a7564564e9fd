package io.yutang.content.report;

/**
 * An article's figures, for all its views or one group of them.
 *
 * @param views page openings
 * @param viewers distinct contacts who opened it
 * @param reads visits that sent a reading beacon
 * @param qualifiedLeads viewers who became qualified leads (under any rule version)
 */
public record ArticleFigures(long views, long viewers, long reads, long medianDwellSeconds, long meanDwellSeconds,
        int medianScrollPercent, int meanScrollPercent, long qualifiedLeads) {
}

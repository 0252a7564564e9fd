package io.yutang.referral.board;

import java.util.List;

/**
 * A campaign's ranking by one metric.
 *
 * @param entries best first; ties share the order Redis gives (by member)
 */
public record Leaderboard(long campaignId, BoardDimension dimension, BoardMetric metric, List<Entry> entries) {

    /**
     * One ranked member.
     *
     * @param member the employee's sharer id, the partner company or the department
     * @param label what to show: the employee's name, the company, the department
     */
    public record Entry(int rank, String member, String label, long score) {
    }
}

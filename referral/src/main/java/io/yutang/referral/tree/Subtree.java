package io.yutang.referral.tree;

import java.util.List;

/**
 * What one sharer (or a partner company) brought in, at every depth below them.
 *
 * @param direct contacts they brought in themselves (depth 1 below them)
 * @param byDepth how many contacts at each depth below them, depth 1 first
 */
public record Subtree(long campaignId, String owner, long total, long direct, List<Level> byDepth) {

    /** The number of contacts at one depth below the owner. */
    public record Level(int depth, long contacts) {
    }
}

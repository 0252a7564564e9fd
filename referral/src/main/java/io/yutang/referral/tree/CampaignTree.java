package io.yutang.referral.tree;

import java.util.List;

/**
 * A campaign's referral tree (星空图) as nodes and edges.
 *
 * @param truncated whether the tree had more edges than the limit; the export has them all
 */
public record CampaignTree(long campaignId, List<TreeNode> nodes, List<TreeEdge> edges, boolean truncated) {
}

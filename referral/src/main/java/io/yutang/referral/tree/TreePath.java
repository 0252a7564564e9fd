package io.yutang.referral.tree;

import java.util.List;

/** The chain from a campaign's root advocate down to one contact, root first. */
public record TreePath(long campaignId, List<TreeNode> nodes) {
}

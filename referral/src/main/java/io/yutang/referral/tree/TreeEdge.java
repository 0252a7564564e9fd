package io.yutang.referral.tree;

import java.time.Instant;

/** Who brought whom into a campaign, when, and how (QR_FOLLOW, QR_SCAN or LINK_OPEN). */
public record TreeEdge(String from, String to, Instant at, String channel) {
}

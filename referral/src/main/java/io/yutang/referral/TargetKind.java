package io.yutang.referral;

/** What a campaign sends prospects to. */
public enum TargetKind {
    /** Just "follow the service account". */
    FOLLOW,
    /** A live event (livestream's event id in {@code targetRef}). */
    LIVE_EVENT,
    /** A content asset (content's asset id in {@code targetRef}). */
    CONTENT
}

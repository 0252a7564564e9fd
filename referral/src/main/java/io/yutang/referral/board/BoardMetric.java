package io.yutang.referral.board;

import io.yutang.referral.ConversionKind;

/** What a leaderboard counts. */
public enum BoardMetric {
    SCANS,
    FOLLOWS,
    REGISTRATIONS,
    ATTENDEES,
    LEADS,
    QUALIFIED_LEADS;

    static BoardMetric of(ConversionKind kind) {
        return switch (kind) {
            case FOLLOW -> FOLLOWS;
            case REGISTRATION -> REGISTRATIONS;
            case ATTENDANCE -> ATTENDEES;
            case LEAD -> LEADS;
            case QUALIFIED_LEAD -> QUALIFIED_LEADS;
        };
    }
}

package io.yutang.referral;

/** What a prospect did that counts for a campaign. */
public enum ConversionKind {
    FOLLOW,
    REGISTRATION,
    ATTENDANCE,
    LEAD
}

package io.yutang.referral;

/** What a prospect did that counts for a campaign. */
public enum ConversionKind {
    FOLLOW,
    REGISTRATION,
    ATTENDANCE,
    LEAD,
    /** The contact's lead score crossed the qualifying threshold (content's scoring). */
    QUALIFIED_LEAD
}

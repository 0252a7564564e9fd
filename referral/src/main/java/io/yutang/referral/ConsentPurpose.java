package io.yutang.referral;

/** What a person may allow yutang to do with their data; each is asked and recorded on its own. */
public enum ConsentPurpose {
    /** Be contacted about what they asked for (a gated asset's download); required to get it. */
    CONTENT_DELIVERY,
    /** Receive marketing messages. */
    MARKETING,
    /** Have their lead shared with the company's CRM or the partner who brought them. */
    CRM_SHARING
}

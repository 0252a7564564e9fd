package io.yutang.referral;

/**
 * What a person may allow yutang to do with their data; each is asked and recorded on its own, and
 * each sender checks its purpose before it sends.
 */
public enum ConsentPurpose {
    /** Be contacted about what they asked for (a gated asset's download); required to get it. */
    CONTENT_DELIVERY,
    /** Registration for live events and the reminders, replay and survey that follow it. */
    REMINDERS,
    /** Receive marketing messages (pushes that were not asked for, the rep's follow-up). */
    MARKETING,
    /** Have their lead shared with the company's CRM or the partner who brought them. */
    CRM_SHARING,
    /** Be sent text messages on their phone. */
    SMS
}

package io.yutang.referral;

/** What a staff member or an integration did with people's personal data, as the audit log records it. */
public enum AuditAction {
    /** Read one person's details (their contact card, score, decisions, path). */
    CONTACT_READ,
    /** Looked people up (by openid, phone or name) and saw the matching contacts. */
    CONTACT_SEARCH,
    /** Exported everything yutang holds about one person. */
    CONTACT_EXPORT,
    /** Viewed a campaign's referral tree with the people in it. */
    TREE_READ,
    /** Exported a campaign's whole referral tree. */
    TREE_EXPORT,
    /** Listed or exported a live event's registrants and attendees. */
    ATTENDEE_EXPORT,
    /** Listed or exported leads (a gated asset's leads, the qualified leads). */
    LEAD_EXPORT,
    /** An integration pulled the change feed with personal data (openids, form answers). */
    FEED_EXPORT,
    /** Someone asked for a person's erasure. */
    ERASURE_REQUESTED,
    /** A person's erasure was carried out. */
    ERASURE_DONE
}

package io.yutang.referral;

/** Something a contact did that says how interested they are (lead scoring reads these). */
public enum BehaviourKind {
    /** Followed the service account. */
    FOLLOW,
    /** Scanned a parametric QR code while already following. */
    SCAN,
    /** Unfollowed the service account. */
    UNFOLLOW,
    /** Registered for a live event ({@code ref}: the event). */
    REGISTRATION,
    /** Watched a live event live ({@code seconds}: watch time). */
    ATTENDANCE,
    /** Watched a live event's replay ({@code seconds}: watch time). */
    REPLAY,
    /** Read an article ({@code seconds}: visible dwell time, {@code percent}: deepest scroll). */
    ARTICLE_READ,
    /** Downloaded a gated asset ({@code ref}: the asset). */
    DOWNLOAD,
    /** Forwarded a share link of theirs that someone new opened. */
    FORWARD,
    /** Left their details on a gated asset's form ({@code ref}: the asset). */
    LEAD,
    /** Left a phone number or e-mail address not known for them before ({@code ref}: the form's event or asset). */
    IDENTIFIED,
    /** The CRM accepted their lead ({@code ref}: {@code crm:<reference>}). */
    CRM_ACCEPTED,
    /** The CRM rejected their lead. */
    CRM_REJECTED,
    /** The CRM made their lead an opportunity. */
    CRM_OPPORTUNITY,
    /** The CRM won a deal from their lead. */
    CRM_WON,
    /** The CRM lost the deal. */
    CRM_LOST
}

package io.yutang.referral.mine;

import io.yutang.referral.BehaviourKind;
import java.time.Instant;

/**
 * One recent step of a prospect the sharer brought in.
 *
 * @param name the name the prospect gave on a form in the campaign, else their WeChat nickname, as the
 *     sharer may see it; null when unknown. Personal data, never logged
 * @param seconds how long they watched or read, where that applies; else null
 */
record ProspectStep(long contactId, String name, Step step, Integer seconds, Instant at) {

    /** What the prospect did: a behaviour of theirs, or becoming a qualified lead (content's scoring). */
    enum Step {
        FOLLOW, SCAN, UNFOLLOW, REGISTRATION, ATTENDANCE, REPLAY, ARTICLE_READ, DOWNLOAD, FORWARD, LEAD, QUALIFIED_LEAD;

        static Step of(BehaviourKind kind) {
            return switch (kind) {
                case FOLLOW -> FOLLOW;
                case SCAN -> SCAN;
                case UNFOLLOW -> UNFOLLOW;
                case REGISTRATION -> REGISTRATION;
                case ATTENDANCE -> ATTENDANCE;
                case REPLAY -> REPLAY;
                case ARTICLE_READ -> ARTICLE_READ;
                case DOWNLOAD -> DOWNLOAD;
                case FORWARD -> FORWARD;
                case LEAD -> LEAD;
                case IDENTIFIED, CRM_ACCEPTED, CRM_REJECTED, CRM_OPPORTUNITY, CRM_WON, CRM_LOST ->
                        throw new IllegalArgumentException(kind + " is not a prospect's step");
            };
        }
    }

    @Override
    public String toString() {
        return "ProspectStep[contact=" + contactId + ", " + step + ", " + at + "]";
    }
}

package io.yutang.referral;

import java.time.Instant;
import java.util.List;

/**
 * What happened with a rep's prospects since their last digest.
 *
 * @param id identifies this digest across re-sends (use it as the message's dedupe key)
 * @param rep the rep's own WeChat
 */
public record RepDigest(long id, long sharerId, WeChatUser rep, List<Item> items) {

    /**
     * One prospect's step.
     *
     * @param prospect the name the prospect gave on the form, else their WeChat nickname, or null
     *     when unknown; personal data, never logged
     * @param company the company the prospect gave, or null
     * @param detail what the step amounts to (a qualified lead: its score and what the prospect did), or null
     */
    public record Item(ConversionKind kind, String campaign, String prospect, String company, String detail, Instant at) {

        @Override
        public String toString() {
            return "Item[" + kind + ", " + campaign + ", prospect=***]";
        }
    }
}

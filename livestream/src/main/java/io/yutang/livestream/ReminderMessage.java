package io.yutang.livestream;

import io.yutang.referral.WeChatUser;
import java.net.URI;
import java.time.Instant;

/**
 * One message to one registrant, in the shapes WeChat's channels take.
 *
 * @param key identifies this message across retries; sent as WeChat's {@code client_msg_id}, so a
 *     retry after a crash is delivered once (≤ 64 characters)
 * @param eventTitle at most 20 characters (template fields allow no more)
 * @param notice what happens, in at most 20 characters ("1小时后开始", "直播时间有变")
 * @param text the whole message, for customer-service messages and SMS
 * @param link the page the message opens
 * @param templateId the template message's id (following registrants)
 * @param subscribeTemplateId the one-time subscription template's id (registrants who accepted it)
 */
public record ReminderMessage(String key, WeChatUser user, String eventTitle, Instant startsAt, String notice,
        String text, URI link, String templateId, String subscribeTemplateId) {

    @Override
    public String toString() {
        return "ReminderMessage[key=" + key + "]";
    }
}

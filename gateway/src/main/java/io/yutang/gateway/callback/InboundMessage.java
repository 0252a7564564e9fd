package io.yutang.gateway.callback;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A message or event WeChat pushed, as its plain XML and the fields we read from it.
 *
 * @param fields the top-level elements' text, by element name ({@code MsgType}, {@code Event}, …)
 * @param items the entries of nested lists (e.g. each template decision of a
 *     {@code subscribe_msg_popup_event}), each as its elements' text by name
 * @param xml the plaintext XML as received (after decryption in safe mode)
 */
record InboundMessage(Map<String, String> fields, List<Map<String, String>> items, String xml) {

    String field(String name) {
        return fields.get(name);
    }

    String msgType() {
        return fields.getOrDefault("MsgType", "");
    }

    /** The event name for {@code MsgType=event}, else null. */
    String event() {
        return "event".equals(msgType()) ? fields.get("Event") : null;
    }

    String openid() {
        return fields.get("FromUserName");
    }

    String accountId() {
        return fields.get("ToUserName");
    }

    String eventKey() {
        return fields.get("EventKey");
    }

    /** {@code MsgId} of a message, or {@code MsgID} of a template-send report. */
    String msgId() {
        String id = fields.get("MsgId");
        return id != null ? id : fields.get("MsgID");
    }

    Instant createdAt() {
        return Instant.ofEpochSecond(Long.parseLong(fields.get("CreateTime")));
    }

    /**
     * What identifies one delivery across WeChat's retries: the message id for messages, else
     * sender, time, event and key (WeChat's own advice, plus the key for safety).
     */
    String dedupeKey() {
        if (event() == null && fields.get("MsgId") != null) {
            return "msg:" + fields.get("MsgId");
        }
        return "evt:" + openid() + ":" + fields.get("CreateTime") + ":" + event() + ":"
                + (eventKey() == null ? "" : eventKey()) + ":" + (msgId() == null ? "" : msgId());
    }
}

package io.yutang.gateway.sandbox;

/** The XML WeChat pushes for the events the sandbox plays, as WeChat's docs give them. */
public final class WeChatEvents {

    private WeChatEvents() {
    }

    /** A follow; through a parametric QR code when {@code scene} is not null. */
    public static String subscribe(String account, String openid, long createTime, String scene) {
        String key = scene == null ? "" : "qrscene_" + scene;
        String ticket = scene == null ? "" : "<Ticket><![CDATA[sandbox-ticket-" + scene + "]]></Ticket>";
        return event(account, openid, createTime, "subscribe", key, ticket);
    }

    /** An existing follower scanned a parametric QR code. */
    public static String scan(String account, String openid, long createTime, String scene) {
        return event(account, openid, createTime, "SCAN", scene, "<Ticket><![CDATA[sandbox-ticket-" + scene + "]]></Ticket>");
    }

    public static String unsubscribe(String account, String openid, long createTime) {
        return event(account, openid, createTime, "unsubscribe", "", "");
    }

    public static String click(String account, String openid, long createTime, String menuKey) {
        return event(account, openid, createTime, "CLICK", menuKey, "");
    }

    /** The user decided on a one-time subscription template an H5 page offered ({@code wx-open-subscribe}). */
    public static String subscriptionDecided(String account, String openid, long createTime, String templateId, boolean accepted) {
        return "<xml><ToUserName><![CDATA[" + account + "]]></ToUserName>"
                + "<FromUserName><![CDATA[" + openid + "]]></FromUserName>"
                + "<CreateTime>" + createTime + "</CreateTime>"
                + "<MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[subscribe_msg_popup_event]]></Event>"
                + "<SubscribeMsgPopupEvent><List><TemplateId><![CDATA[" + templateId + "]]></TemplateId>"
                + "<SubscribeStatusString><![CDATA[" + (accepted ? "accept" : "reject") + "]]></SubscribeStatusString>"
                + "<PopupScene>2</PopupScene></List></SubscribeMsgPopupEvent></xml>";
    }

    public static String text(String account, String openid, long createTime, String content, long msgId) {
        return "<xml><ToUserName><![CDATA[" + account + "]]></ToUserName>"
                + "<FromUserName><![CDATA[" + openid + "]]></FromUserName>"
                + "<CreateTime>" + createTime + "</CreateTime>"
                + "<MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[" + content.replace("]]>", "]]]]><![CDATA[>") + "]]></Content>"
                + "<MsgId>" + msgId + "</MsgId></xml>";
    }

    private static String event(String account, String openid, long createTime, String event, String key,
            String extra) {
        return "<xml><ToUserName><![CDATA[" + account + "]]></ToUserName>"
                + "<FromUserName><![CDATA[" + openid + "]]></FromUserName>"
                + "<CreateTime>" + createTime + "</CreateTime>"
                + "<MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[" + event + "]]></Event>"
                + "<EventKey><![CDATA[" + key + "]]></EventKey>" + extra + "</xml>";
    }
}

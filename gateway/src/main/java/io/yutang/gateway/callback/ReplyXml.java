package io.yutang.gateway.callback;

import java.time.Instant;

/** Builds the XML of passive replies and of their safe-mode envelope. */
final class ReplyXml {

    private ReplyXml() {
    }

    static String text(InboundMessage to, TextReply reply, Instant now) {
        return "<xml><ToUserName>" + cdata(to.openid()) + "</ToUserName>"
                + "<FromUserName>" + cdata(to.accountId() == null ? "" : to.accountId()) + "</FromUserName>"
                + "<CreateTime>" + now.getEpochSecond() + "</CreateTime>"
                + "<MsgType><![CDATA[text]]></MsgType>"
                + "<Content>" + cdata(reply.content()) + "</Content></xml>";
    }

    static String envelope(String encrypted, String signature, String timestamp, String nonce) {
        return "<xml><Encrypt>" + cdata(encrypted) + "</Encrypt>"
                + "<MsgSignature>" + cdata(signature) + "</MsgSignature>"
                + "<TimeStamp>" + timestamp + "</TimeStamp>"
                + "<Nonce>" + cdata(nonce) + "</Nonce></xml>";
    }

    private static String cdata(String text) {
        return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>";
    }
}

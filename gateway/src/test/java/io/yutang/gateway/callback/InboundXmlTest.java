package io.yutang.gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class InboundXmlTest {

    static final String SUBSCRIBE = """
            <xml><ToUserName><![CDATA[gh_account]]></ToUserName>
            <FromUserName><![CDATA[o-prospect]]></FromUserName>
            <CreateTime>1700000000</CreateTime>
            <MsgType><![CDATA[event]]></MsgType>
            <Event><![CDATA[subscribe]]></Event>
            <EventKey><![CDATA[qrscene_c1-r42]]></EventKey>
            <Ticket><![CDATA[gQH47joAAAAAAAAAASxodHRw]]></Ticket></xml>""";

    @Test
    void readsTheFieldsOfAnEvent() {
        InboundMessage message = InboundXml.parse(SUBSCRIBE);

        assertThat(message.msgType()).isEqualTo("event");
        assertThat(message.event()).isEqualTo("subscribe");
        assertThat(message.openid()).isEqualTo("o-prospect");
        assertThat(message.accountId()).isEqualTo("gh_account");
        assertThat(message.eventKey()).isEqualTo("qrscene_c1-r42");
        assertThat(message.createdAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_000));
        assertThat(message.dedupeKey()).isEqualTo("evt:o-prospect:1700000000:subscribe:qrscene_c1-r42:");
    }

    @Test
    void dedupesMessagesByMsgIdAndTemplateReportsByTheirMsgID() {
        InboundMessage text = InboundXml.parse("""
                <xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime>
                <MsgType>text</MsgType><Content>直播</Content><MsgId>1234567890123456</MsgId></xml>""");
        InboundMessage report = InboundXml.parse("""
                <xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime>
                <MsgType>event</MsgType><Event>TEMPLATESENDJOBFINISH</Event><MsgID>200163836</MsgID>
                <Status>failed:user block</Status></xml>""");

        assertThat(text.dedupeKey()).isEqualTo("msg:1234567890123456");
        assertThat(text.field("Content")).isEqualTo("直播");
        assertThat(report.msgId()).isEqualTo("200163836");
        assertThat(report.dedupeKey()).endsWith(":200163836");
    }

    @Test
    void readsTheTemplateDecisionsOfASubscriptionPopup() {
        InboundMessage popup = InboundXml.parse("""
                <xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime>
                <MsgType>event</MsgType><Event>subscribe_msg_popup_event</Event>
                <SubscribeMsgPopupEvent>
                  <List><TemplateId>tpl-a</TemplateId><SubscribeStatusString>accept</SubscribeStatusString></List>
                  <List><TemplateId>tpl-b</TemplateId><SubscribeStatusString>reject</SubscribeStatusString></List>
                </SubscribeMsgPopupEvent></xml>""");

        assertThat(popup.items()).hasSize(2);
        assertThat(popup.items().get(0)).containsEntry("TemplateId", "tpl-a").containsEntry("SubscribeStatusString", "accept");
        assertThat(popup.items().get(1)).containsEntry("SubscribeStatusString", "reject");
    }

    @Test
    void refusesExternalEntities() {
        String xxe = """
                <?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <xml><FromUserName>&xxe;</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>""";
        assertThatThrownBy(() -> InboundXml.parse(xxe)).isInstanceOf(MalformedMessage.class);
    }

    @Test
    void refusesEntityExpansion() {
        String laughs = """
                <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
                <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
                <xml><FromUserName>&lol3;</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>""";
        assertThatThrownBy(() -> InboundXml.parse(laughs)).isInstanceOf(MalformedMessage.class);
    }

    @Test
    void refusesWhatIsNotAWeChatMessage() {
        assertThatThrownBy(() -> InboundXml.parse(SUBSCRIBE.substring(0, 120))).isInstanceOf(MalformedMessage.class);
        assertThatThrownBy(() -> InboundXml.parse("{\"json\":true}")).isInstanceOf(MalformedMessage.class);
        assertThatThrownBy(() -> InboundXml.parse("<other><FromUserName>o</FromUserName></other>"))
                .isInstanceOf(MalformedMessage.class);
        assertThatThrownBy(() -> InboundXml.parse("<xml><FromUserName>o</FromUserName><CreateTime>soon</CreateTime>"
                + "<MsgType>text</MsgType></xml>")).isInstanceOf(MalformedMessage.class);
        assertThatThrownBy(() -> InboundXml.parse("<xml><a><b><c><d><e>deep</e></d></c></b></a></xml>"))
                .isInstanceOf(MalformedMessage.class);
    }
}

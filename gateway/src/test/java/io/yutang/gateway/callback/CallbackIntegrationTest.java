package io.yutang.gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.yutang.gateway.FakeWeChat;
import io.yutang.gateway.GatewayProperties.EncryptionMode;
import io.yutang.gateway.TestAccount;
import io.yutang.gateway.YutangIntegrationTest;
import io.yutang.gateway.sandbox.WeChatEvents;
import io.yutang.gateway.sandbox.WeChatServerSide;
import io.yutang.gateway.sandbox.WeChatServerSide.SignedCallback;
import io.yutang.referral.Contact;
import io.yutang.referral.Contacts;
import io.yutang.referral.WeChatUser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

@YutangIntegrationTest
class CallbackIntegrationTest {

    static final WeChatServerSide WECHAT = new WeChatServerSide(TestAccount.APP_ID, TestAccount.TOKEN,
            TestAccount.AES_KEY, EncryptionMode.SAFE);
    static final AtomicLong CLOCK = new AtomicLong(1_800_000_000L);

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    @Autowired
    Contacts contacts;

    @Test
    void answersWeChatsUrlCheckWithTheEchoString() {
        String query = WECHAT.push("<xml/>").query();
        web.get().uri("/wechat/callback?" + query + "&echostr=8213467829041")
                .exchange()
                .expectStatus().isOk()
                .expectBody(String.class).isEqualTo("8213467829041");
    }

    @Test
    void refusesAUrlCheckWithAForgedSignature() {
        web.get().uri("/wechat/callback?signature=0123456789abcdef0123456789abcdef01234567"
                        + "&timestamp=1&nonce=2&echostr=3")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("签名"));
    }

    @Test
    void welcomesANewFollowerInAReplySealedForThisAccount() {
        String openid = newOpenid();
        String body = push(WECHAT, WeChatEvents.subscribe(TestAccount.GH_ID, openid, tick(), "c1-r42"))
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(body).contains("<Encrypt>").contains("<MsgSignature>").doesNotContain(openid);
        String reply = WECHAT.open(body);
        String encrypted = body.replaceAll("(?s).*<Encrypt><!\\[CDATA\\[(.*?)]]></Encrypt>.*", "$1");
        assertThat(new MessageCipher(TestAccount.APP_ID, TestAccount.AES_KEY, null).decrypt(encrypted))
                .as("sealed for our appid").isEqualTo(reply);
        assertThat(reply).contains("<ToUserName><![CDATA[" + openid + "]]>")
                .contains("<FromUserName><![CDATA[" + TestAccount.GH_ID + "]]>")
                .contains("感谢关注");

        assertThat(storedEvents(openid)).as("stored before the answer").containsExactly("subscribe qrscene_c1-r42");
        assertThat(contactOnceHandled(openid).subscribed()).isTrue();
    }

    @Test
    void fetchesTheNewFollowersProfileAfterwards() {
        String openid = newOpenid();
        push(WECHAT, WeChatEvents.subscribe(TestAccount.GH_ID, openid, tick(), null)).expectStatus().isOk();

        Contact fetched = Flux.interval(Duration.ofMillis(100)).onBackpressureDrop()
                .concatMap(i -> contacts.find(user(openid)))
                .filter(contact -> contact.profileFetchedAt() != null)
                .blockFirst(Duration.ofSeconds(15));

        assertThat(fetched.unionid()).isEqualTo("union-" + openid);
        assertThat(fetched.subscribeScene()).isEqualTo("ADD_SCENE_QR_CODE");
        assertThat(fetched.qrSceneStr()).isEqualTo("scene-of-" + openid);
    }

    @Test
    void retriesAProfileFetchWhileWeChatFails() {
        String openid = newOpenid();
        String scenario = "flaky-" + openid;
        var wechat = FakeWeChat.server();
        Supplier<MappingBuilder> userInfo = () -> WireMock.post(
                        WireMock.urlPathEqualTo("/cgi-bin/user/info/batchget"))
                .withRequestBody(WireMock.containing("\"" + openid + "\"")).atPriority(1);
        wechat.stubFor(userInfo.get().inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(WireMock.aResponse().withStatus(502)).willSetStateTo("second"));
        wechat.stubFor(userInfo.get().inScenario(scenario).whenScenarioStateIs("second")
                .willReturn(WireMock.aResponse().withStatus(502)).willSetStateTo("up"));

        push(WECHAT, WeChatEvents.subscribe(TestAccount.GH_ID, openid, tick(), null)).expectStatus().isOk();

        Contact fetched = Flux.interval(Duration.ofMillis(100)).onBackpressureDrop()
                .concatMap(i -> contacts.find(user(openid)))
                .filter(contact -> contact.profileFetchedAt() != null)
                .blockFirst(Duration.ofSeconds(20));
        assertThat(fetched.unionid()).isEqualTo("union-" + openid);
        assertThat(database.sql("""
                        select f.attempts from referral.profile_fetch f join referral.contact c on c.id = f.contact_id
                        where c.openid = :o""").bind("o", openid).map(row -> row.get("attempts", Integer.class))
                .one().block(Duration.ofSeconds(5))).isEqualTo(3);
    }

    @Test
    void theSameEventDeliveredFourTimesAtOnceIsStoredOnce() {
        String openid = newOpenid();
        String event = WeChatEvents.subscribe(TestAccount.GH_ID, openid, tick(), "c1-r7");
        List<Integer> statuses = Flux.range(0, 4)
                .parallel(4).runOn(Schedulers.boundedElastic())
                .map(i -> push(WECHAT, event).returnResult(String.class).getStatus().value())
                .sequential().collectList().block(Duration.ofSeconds(20));
        push(WECHAT, event).expectStatus().isOk();

        assertThat(statuses).containsOnly(200).hasSize(4);
        assertThat(storedEvents(openid)).hasSize(1);
        contactOnceHandled(openid);
        assertThat(contactRows(openid)).isEqualTo(1);
    }

    @Test
    void aRetryGetsTheFirstDeliverysReplyAgain() {
        String openid = newOpenid();
        String event = WeChatEvents.subscribe(TestAccount.GH_ID, openid, tick(), null);
        String first = WECHAT.open(push(WECHAT, event).expectBody(String.class).returnResult().getResponseBody());
        String retry = WECHAT.open(push(WECHAT, event).expectBody(String.class).returnResult().getResponseBody());

        assertThat(content(retry)).isEqualTo(content(first)).contains("感谢关注");
        assertThat(retry).contains("<ToUserName><![CDATA[" + openid + "]]>");
    }

    @Test
    void anUnfollowEndsTheSubscriptionAndAnOlderFollowArrivingLateDoesNotUndoIt() {
        String openid = newOpenid();
        long followed = tick();
        long unfollowed = tick();
        push(WECHAT, WeChatEvents.unsubscribe(TestAccount.GH_ID, openid, unfollowed))
                .expectStatus().isOk().expectBody(String.class).isEqualTo("success");
        push(WECHAT, WeChatEvents.subscribe(TestAccount.GH_ID, openid, followed, null)).expectStatus().isOk();

        Contact contact = contactOnceHandled(openid);
        assertThat(contact.subscribed()).isFalse();
        assertThat(contact.firstSeenAt().getEpochSecond()).isEqualTo(followed);
        assertThat(contact.lastSeenAt().getEpochSecond()).isEqualTo(unfollowed);
    }

    @Test
    void answersConfiguredKeywordsAndMenuClicks() {
        String openid = newOpenid();
        String keyword = WECHAT.open(push(WECHAT, WeChatEvents.text(TestAccount.GH_ID, openid, tick(), " 直播 ", tick()))
                .expectBody(String.class).returnResult().getResponseBody());
        String menu = WECHAT.open(push(WECHAT, WeChatEvents.click(TestAccount.GH_ID, openid, tick(), "MENU_WHITEPAPER"))
                .expectBody(String.class).returnResult().getResponseBody());
        push(WECHAT, WeChatEvents.text(TestAccount.GH_ID, openid, tick(), "随便说说", tick()))
                .expectBody(String.class).isEqualTo("success");

        assertThat(keyword).contains("近期直播");
        assertThat(menu).contains("白皮书下载");
        assertThat(storedEvents(openid)).hasSize(3);
    }

    @Test
    void keepsDeliveryReportsAndOneTimeSubscriptionGrants() {
        String openid = newOpenid();
        long msgId = tick();
        push(WECHAT, event(openid, "TEMPLATESENDJOBFINISH", "<MsgID>" + msgId + "</MsgID><Status><![CDATA[failed:user block]]></Status>"))
                .expectBody(String.class).isEqualTo("success");
        push(WECHAT, event(openid, "subscribe_msg_popup_event", """
                <SubscribeMsgPopupEvent>
                  <List><TemplateId><![CDATA[tpl-reminder]]></TemplateId><SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString><PopupScene>2</PopupScene></List>
                  <List><TemplateId><![CDATA[tpl-replay]]></TemplateId><SubscribeStatusString><![CDATA[reject]]></SubscribeStatusString><PopupScene>2</PopupScene></List>
                </SubscribeMsgPopupEvent>""")).expectStatus().isOk();
        push(WECHAT, event(openid, "subscribe_msg_sent_event", """
                <SubscribeMsgSentEvent><List><TemplateId><![CDATA[tpl-reminder]]></TemplateId><MsgID>%d</MsgID>
                <ErrorCode>0</ErrorCode><ErrorStatus><![CDATA[success]]></ErrorStatus></List></SubscribeMsgSentEvent>""".formatted(msgId + 1)))
                .expectStatus().isOk();
        contactOnceHandled(openid);

        assertThat(rows("select msg_id || ' ' || kind || ' ' || delivered as r from gateway.delivery_report where openid = :openid order by msg_id", openid))
                .containsExactly(msgId + " TEMPLATE false", (msgId + 1) + " SUBSCRIPTION true");
        assertThat(rows("select template_id || ' ' || accepted || ' ' || (consumed_at is null) as r from gateway.subscription_grant where openid = :openid order by template_id", openid))
                .containsExactly("tpl-reminder true true", "tpl-replay false true");

        push(WECHAT, event(openid, "subscribe_msg_change_event", """
                <SubscribeMsgChangeEvent><List><TemplateId><![CDATA[tpl-reminder]]></TemplateId>
                <SubscribeStatusString><![CDATA[reject]]></SubscribeStatusString></List></SubscribeMsgChangeEvent>"""))
                .expectStatus().isOk();
        contactOnceHandled(openid);
        assertThat(rows("select template_id as r from gateway.subscription_grant where openid = :openid and accepted and consumed_at is null", openid))
                .as("a rejection in WeChat's settings lets the unused grant lapse").isEmpty();
    }

    private static String event(String openid, String event, String body) {
        return "<xml><ToUserName><![CDATA[" + TestAccount.GH_ID + "]]></ToUserName><FromUserName><![CDATA[" + openid
                + "]]></FromUserName><CreateTime>" + tick() + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[" + event + "]]></Event>" + body + "</xml>";
    }

    private List<String> rows(String sql, String openid) {
        return database.sql(sql).bind("openid", openid).map(row -> row.get("r", String.class)).all()
                .collectList().block(Duration.ofSeconds(5));
    }

    @Test
    void storesEventsItDoesNotKnowAndAnswersSuccess() {
        String openid = newOpenid();
        String unknown = "<xml><ToUserName><![CDATA[gh]]></ToUserName><FromUserName><![CDATA[" + openid
                + "]]></FromUserName><CreateTime>" + tick() + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[brand_new_event]]></Event></xml>";
        push(WECHAT, unknown).expectStatus().isOk().expectBody(String.class).isEqualTo("success");

        assertThat(storedEvents(openid)).containsExactly("brand_new_event null");
        assertThat(contactOnceHandled(openid).lastSeenAt()).isNotNull();
    }

    @Test
    void opensMessagesSealedWithThePreviousKeyButNotWithAStaleOne() {
        String rotated = newOpenid();
        String stale = newOpenid();
        WeChatServerSide beforeRotation = new WeChatServerSide(TestAccount.APP_ID, TestAccount.TOKEN,
                TestAccount.PREVIOUS_AES_KEY, EncryptionMode.SAFE);
        WeChatServerSide twoRotationsAgo = new WeChatServerSide(TestAccount.APP_ID, TestAccount.TOKEN,
                TestAccount.STALE_AES_KEY, EncryptionMode.SAFE);

        push(beforeRotation, WeChatEvents.scan(TestAccount.GH_ID, rotated, tick(), "s1")).expectStatus().isOk();
        refused(push(twoRotationsAgo, WeChatEvents.scan(TestAccount.GH_ID, stale, tick(), "s1")), 400);

        assertThat(storedEvents(rotated)).hasSize(1);
        assertThat(storedEvents(stale)).isEmpty();
    }

    @Test
    void refusesAMessageSealedForAnotherAccount() {
        String openid = newOpenid();
        WeChatServerSide otherAccount = new WeChatServerSide("wx0000000000000000", TestAccount.TOKEN,
                TestAccount.AES_KEY, EncryptionMode.SAFE);
        refused(push(otherAccount, WeChatEvents.subscribe(TestAccount.GH_ID, openid, tick(), null)), 400)
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("AppID"));
        assertThat(storedEvents(openid)).isEmpty();
        assertThat(contactRows(openid)).isZero();
    }

    @Test
    void refusesForgedAndMissingSignaturesAndStoresNothing() {
        String openid = newOpenid();
        SignedCallback genuine = WECHAT.push(WeChatEvents.subscribe(TestAccount.GH_ID, openid, tick(), null));
        String forged = genuine.query().replaceAll("msg_signature=[0-9a-f]+", "msg_signature=" + "ab".repeat(20));

        refused(post(forged, genuine.body()), 401);
        refused(post("encrypt_type=aes", genuine.body()), 401);
        refused(post(genuine.query().replaceAll("timestamp=\\d+", "timestamp=1"), genuine.body()), 401);
        assertThat(storedEvents(openid)).isEmpty();
    }

    @Test
    void refusesASignedDeliveryFromOutsideTheReplayWindowAndStoresNothing() {
        String openid = newOpenid();
        SignedCallback genuine = WECHAT.push(WeChatEvents.subscribe(TestAccount.GH_ID, openid, tick(), null));
        long now = Instant.now().getEpochSecond();

        refused(post(signedAt(genuine, now - Duration.ofDays(2).toSeconds()), genuine.body()), 403)
                .jsonPath("$.detail").isEqualTo("推送的时间戳超出了允许的时间窗口（可能是重放的旧推送），已拒绝。");
        refused(post(signedAt(genuine, now + Duration.ofMinutes(6).toSeconds()), genuine.body()), 403);
        assertThat(storedEvents(openid)).isEmpty();

        post(signedAt(genuine, now - Duration.ofMinutes(4).toSeconds()), genuine.body()).expectStatus().isOk();
        assertThat(storedEvents(openid)).hasSize(1);
    }

    /** The genuine delivery signed again (query and ciphertext) as if WeChat had sent it at {@code timestamp}. */
    private static String signedAt(SignedCallback genuine, long timestamp) {
        String nonce = genuine.query().replaceAll(".*nonce=(\\d+).*", "$1");
        String encrypted = genuine.body().replaceAll("(?s).*<Encrypt><!\\[CDATA\\[(.*?)]]></Encrypt>.*", "$1");
        String ts = Long.toString(timestamp);
        return "signature=" + Signatures.sign(TestAccount.TOKEN, ts, nonce) + "&timestamp=" + ts + "&nonce=" + nonce
                + "&encrypt_type=aes&msg_signature=" + Signatures.sign(TestAccount.TOKEN, ts, nonce, encrypted);
    }

    @Test
    void refusesPlaintextInSafeMode() {
        String openid = newOpenid();
        WeChatServerSide plaintext = new WeChatServerSide(TestAccount.APP_ID, TestAccount.TOKEN, null,
                EncryptionMode.PLAIN);
        refused(push(plaintext, WeChatEvents.subscribe(TestAccount.GH_ID, openid, tick(), null)), 400);
        assertThat(storedEvents(openid)).isEmpty();
    }

    @Test
    void refusesOversizedBodies() {
        String openid = newOpenid();
        String huge = WeChatEvents.text(TestAccount.GH_ID, openid, tick(), "长".repeat(40_000), tick());
        refused(push(WECHAT, huge), 413);
        assertThat(storedEvents(openid)).isEmpty();
    }

    @Test
    void refusesDtdsInsideTheCiphertext() {
        String openid = newOpenid();
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                + WeChatEvents.text(TestAccount.GH_ID, openid, tick(), "&b;", tick()).replace("<![CDATA[&b;]]>", "&b;");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + WeChatEvents.text(TestAccount.GH_ID, openid, tick(), "&x;", tick()).replace("<![CDATA[&x;]]>", "&x;");

        refused(push(WECHAT, laughs), 400);
        refused(push(WECHAT, xxe), 400);
        assertThat(storedEvents(openid)).isEmpty();
    }

    @Test
    void refusesTruncatedCiphertextAndMalformedEnvelopes() {
        String openid = newOpenid();
        SignedCallback genuine = WECHAT.push(WeChatEvents.subscribe(TestAccount.GH_ID, openid, tick(), null));
        String encrypted = genuine.body().replaceAll("(?s).*<Encrypt><!\\[CDATA\\[(.*?)]]></Encrypt>.*", "$1");
        String truncated = encrypted.substring(0, encrypted.length() - 24);
        WeChatServerSide.SignedCallback resigned = resign(genuine, truncated);

        refused(post(resigned.query(), resigned.body()), 400);
        refused(post(genuine.query(), "<xml><ToUserName>gh</ToUserName>"), 400);
        refused(post(genuine.query(), ""), 400);
        assertThat(storedEvents(openid)).isEmpty();
    }

    private static WeChatServerSide.SignedCallback resign(SignedCallback genuine, String encrypted) {
        String timestamp = genuine.query().replaceAll(".*timestamp=(\\d+).*", "$1");
        String nonce = genuine.query().replaceAll(".*nonce=(\\d+).*", "$1");
        String msgSignature = Signatures.sign(TestAccount.TOKEN, timestamp, nonce, encrypted);
        return new SignedCallback(genuine.query().replaceAll("msg_signature=[0-9a-f]+", "msg_signature=" + msgSignature),
                "<xml><ToUserName><![CDATA[gh]]></ToUserName><Encrypt><![CDATA[" + encrypted + "]]></Encrypt></xml>");
    }

    private ResponseSpec push(WeChatServerSide side, String eventXml) {
        SignedCallback callback = side.push(eventXml);
        return post(callback.query(), callback.body());
    }

    private ResponseSpec post(String query, String body) {
        return web.post().uri("/wechat/callback?" + query)
                .contentType(MediaType.TEXT_XML)
                .bodyValue(body)
                .exchange();
    }

    private static WebTestClient.BodyContentSpec refused(ResponseSpec response, int status) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(status);
    }

    private List<String> storedEvents(String openid) {
        return database.sql("""
                        select coalesce(event, msg_type) as type, event_key from gateway.inbound_event
                        where openid = :openid order by id""")
                .bind("openid", openid)
                .map(row -> row.get("type", String.class) + " " + row.get("event_key", String.class))
                .all().collectList().block(Duration.ofSeconds(5));
    }

    /** The contact once every stored event of this openid has been applied. */
    private Contact contactOnceHandled(String openid) {
        Flux.interval(Duration.ofMillis(50)).onBackpressureDrop()
                .concatMap(i -> database.sql("""
                                select count(*) as n from gateway.inbound_event
                                where openid = :openid and handled_at is null""")
                        .bind("openid", openid).map(row -> row.get("n", Long.class)).one())
                .filter(unhandled -> unhandled == 0)
                .blockFirst(Duration.ofSeconds(10));
        return contacts.find(user(openid)).block(Duration.ofSeconds(5));
    }

    private long contactRows(String openid) {
        return database.sql("select count(*) as n from referral.contact where openid = :openid")
                .bind("openid", openid)
                .map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(5));
    }

    private static String content(String replyXml) {
        return replyXml.replaceAll("(?s).*<Content><!\\[CDATA\\[(.*?)]]></Content>.*", "$1");
    }

    private static WeChatUser user(String openid) {
        return new WeChatUser(TestAccount.APP_ID, openid);
    }

    private static String newOpenid() {
        return "o" + UUID.randomUUID().toString().replace("-", "").substring(0, 27);
    }

    private static long tick() {
        return CLOCK.incrementAndGet();
    }
}

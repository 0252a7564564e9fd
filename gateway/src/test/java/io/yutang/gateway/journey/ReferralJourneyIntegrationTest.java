package io.yutang.gateway.journey;

import io.yutang.gateway.InboundEventsHandled;
import io.yutang.gateway.StaffClients;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.GatewayProperties.EncryptionMode;
import io.yutang.gateway.TestAccount;
import io.yutang.gateway.YutangIntegrationTest;
import io.yutang.gateway.sandbox.WeChatEvents;
import io.yutang.gateway.sandbox.WeChatServerSide;
import io.yutang.gateway.signin.H5Visitor;
import io.yutang.referral.Attribution;
import io.yutang.referral.ContactId;
import io.yutang.referral.ConversionClaim;
import io.yutang.referral.ConversionKind;
import io.yutang.referral.TargetKind;
import io.yutang.gateway.FakeWeChat;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * A rep's campaign from poster to leaderboard, through the real callback path (signed, encrypted
 * XML into {@code /wechat/callback}) and the H5 pages.
 */
@YutangIntegrationTest
class ReferralJourneyIntegrationTest {

    static final WeChatServerSide WECHAT = new WeChatServerSide(TestAccount.APP_ID, TestAccount.TOKEN,
            TestAccount.AES_KEY, EncryptionMode.SAFE);
    static final AtomicLong CLOCK = new AtomicLong(Instant.now().getEpochSecond());

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    @Autowired
    Attribution attribution;

    String batch;
    long campaign;

    @BeforeEach
    void aCampaign() {
        batch = UUID.randomUUID().toString().substring(0, 8);
        campaign = ((Number) asAdmin().post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "数字化营销公开课 " + batch, "targetKind", "FOLLOW",
                        "startsAt", Instant.now().minus(Duration.ofDays(1)).toString(),
                        "welcomeReply", "欢迎参加数字化营销公开课 " + batch))
                .exchange().expectStatus().isCreated()
                .expectBody(MAP).returnResult().getResponseBody().get("id")).longValue();
    }

    @Test
    void creditsTheRepAtEveryDepthAndTheLeaderboardAgrees() {
        Rep rep = rep("王销售", "华东大区");
        String repScene = sceneOf(shareLink(rep.session()));

        String p1 = openid("p1");
        String p2 = openid("p2");
        String p3 = openid("p3");
        String reply = WECHAT.open(pushForReply(WeChatEvents.subscribe(TestAccount.GH_ID, p1, CLOCK.incrementAndGet(), repScene)));
        assertThat(reply).as("the campaign's own welcome").contains("欢迎参加数字化营销公开课 " + batch);
        for (String prospect : List.of(p2, p3)) {
            follow(prospect, repScene);
        }
        String p1Session = H5Visitor.signIn(web, p1);
        String p1Scene = sceneOf(shareLink(p1Session));
        String p4 = openid("p4");
        String p5 = openid("p5");
        follow(p4, p1Scene);
        String retried = follow(p5, p1Scene);
        awaitHandled(p1, p2, p3, p4, p5);

        // WeChat retries the same event; nothing changes.
        push(retried);
        awaitHandled(p5);
        // The stored event applied again (as the sweeper would after a crash): one touch, one credit.
        String storedKey = database.sql("select dedupe_key from gateway.inbound_event where openid = :o and event = 'subscribe'")
                .bind("o", p5).map(row -> row.get("dedupe_key", String.class)).one().block(Duration.ofSeconds(5));
        attribution.qrScanned(contactOf(p5), p1Scene, true, Instant.ofEpochSecond(CLOCK.get()), storedKey)
                .block(Duration.ofSeconds(5));

        Map<String, Object> subtree = asAdmin().get().uri("/api/campaigns/{c}/sharers/{s}/subtree", campaign, rep.id())
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(subtree).containsEntry("total", 5).containsEntry("direct", 3);
        assertThat(subtree.get("byDepth")).isEqualTo(List.of(Map.of("depth", 1, "contacts", 3), Map.of("depth", 2, "contacts", 2)));

        web.get().uri("/my/campaigns/{c}/subtree", campaign).cookie("YUTANG_SESSION", p1Session).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.total").isEqualTo(2)
                .jsonPath("$.direct").isEqualTo(2);

        assertThat(credits(rep.id(), "ADVOCATE")).as("R owns every follow").isEqualTo(5);
        assertThat(credits(rep.id(), "REFERRER")).as("R brought three in directly").isEqualTo(3);
        assertThat(credits(sharerOfContact(p1), "REFERRER")).as("the sharing prospect brought two").isEqualTo(2);

        asAdmin().get().uri("/api/campaigns/{c}/leaderboards/EMPLOYEE/FOLLOWS", campaign).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.entries.length()").isEqualTo(1)
                .jsonPath("$.entries[0].label").isEqualTo("王销售")
                .jsonPath("$.entries[0].score").isEqualTo(5);
        asAdmin().get().uri("/api/campaigns/{c}/leaderboards/DEPARTMENT/SCANS", campaign).exchange()
                .expectBody()
                .jsonPath("$.entries[0].member").isEqualTo("华东大区")
                .jsonPath("$.entries[0].score").isEqualTo(5);
        web.get().uri("/my/campaigns/{c}/standing", campaign).cookie("YUTANG_SESSION", rep.session()).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.FOLLOWS.rank").isEqualTo(1)
                .jsonPath("$.FOLLOWS.score").isEqualTo(5);

        Map<String, Object> tree = asAdmin().get().uri("/api/campaigns/{c}/tree", campaign).exchange()
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat((List<?>) tree.get("edges")).hasSize(5);
        assertThat(((List<Map<String, Object>>) tree.get("nodes")).stream().mapToInt(n -> (Integer) n.get("depth")).max())
                .hasValue(2);

        asAdmin().get().uri("/api/campaigns/{c}/contacts/{p}/path", campaign, contactOf(p5).value()).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.nodes.length()").isEqualTo(3)
                .jsonPath("$.nodes[0].label").isEqualTo("王销售")
                .jsonPath("$.nodes[1].id").isEqualTo("c" + contactOf(p1).value())
                .jsonPath("$.nodes[2].id").isEqualTo("c" + contactOf(p5).value());
        asAdmin().get().uri("/api/contacts/{p}/decisions", contactOf(p5).value()).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].outcome").isEqualTo("CREDITED")
                .jsonPath("$[0].advocateSharerId").isEqualTo(rep.id())
                .jsonPath("$[0].reason").value(reason -> assertThat((String) reason).startsWith("last touch inside the 30-day window"));
    }

    @Test
    void aSharersOwnScanIsFlaggedAndAnUnfollowInsideTheClawbackTakesTheCreditBack() {
        Rep rep = rep("赵销售", "华北大区");
        String scene = sceneOf(shareLink(rep.session()));
        follow(rep.openid(), scene);
        String prospect = openid("leaver");
        follow(prospect, scene);
        awaitHandled(rep.openid(), prospect);
        asAdmin().get().uri("/api/contacts/{p}/decisions", contactOf(rep.openid()).value()).exchange()
                .expectBody().jsonPath("$[0].outcome").isEqualTo("SELF_REFERRAL");
        assertThat(board("EMPLOYEE", "FOLLOWS")).contains("\"score\":1");

        push(WECHAT.push(WeChatEvents.unsubscribe(TestAccount.GH_ID, prospect, CLOCK.incrementAndGet())));
        awaitHandled(prospect);

        asAdmin().get().uri("/api/contacts/{p}/decisions", contactOf(prospect).value()).exchange()
                .expectBody()
                .jsonPath("$[0].outcome").isEqualTo("REVERSED")
                .jsonPath("$[0].reason").value(reason -> assertThat((String) reason).contains("reversed: unfollowed"));
        assertThat(board("EMPLOYEE", "FOLLOWS")).as("no dummy rows").contains("\"entries\":[]");
        assertThat(credits(rep.id(), "ADVOCATE")).isZero();
    }

    @Test
    void eachRoleSeesOnlyWhatItMay() {
        Rep rep = rep("钱销售", "华东大区");
        String prospectSession = H5Visitor.signIn(web, openid("viewer"));
        web.get().uri("/api/campaigns/{c}/tree", campaign).cookie("YUTANG_SESSION", rep.session()).exchange()
                .expectStatus().isUnauthorized();
        web.get().uri("/my/campaigns/{c}/standing", campaign).cookie("YUTANG_SESSION", prospectSession).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/my/campaigns/{c}/subtree", campaign).exchange().expectStatus().isUnauthorized();
        web.get().uri("/my/campaigns/{c}/subtree", campaign).cookie("YUTANG_SESSION", prospectSession).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.total").isEqualTo(0);
        web.get().uri("/my/campaigns/999999999/share-link").cookie("YUTANG_SESSION", rep.session()).exchange()
                .expectStatus().isNotFound();
        asAdmin().get().uri("/api/campaigns/{c}/tree", campaign).exchange().expectStatus().isOk();
    }

    @Test
    void aPartnerSeesTheirCompanysChainAndRank() {
        String company = "云启科技 " + batch;
        Rep first = sharer("PARTNER", "周伙伴", null, company);
        Rep colleague = sharer("PARTNER", "吴伙伴", null, company);
        String prospect = openid("partner-lead");
        follow(prospect, sceneOf(shareLink(first.session())));
        awaitHandled(prospect);

        web.get().uri("/my/campaigns/{c}/subtree", campaign).cookie("YUTANG_SESSION", colleague.session()).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.owner").isEqualTo(company)
                .jsonPath("$.total").isEqualTo(1);
        web.get().uri("/my/campaigns/{c}/standing", campaign).cookie("YUTANG_SESSION", colleague.session()).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.FOLLOWS.member").isEqualTo(company)
                .jsonPath("$.FOLLOWS.score").isEqualTo(1);
        web.get().uri("/api/campaigns/{c}/leaderboards/PARTNER/FOLLOWS", campaign)
                .cookie("YUTANG_SESSION", colleague.session()).exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void explainsBadCampaigns() {
        asAdmin().post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "x", "targetKind", "LIVE_EVENT", "startsAt", "2026-12-01T00:00:00Z"))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("targetRef");
        asAdmin().post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "x", "targetKind", "FOLLOW", "startsAt", "2026-12-01T00:00:00Z",
                        "endsAt", "2026-11-01T00:00:00Z"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("endsAt");
        asAdmin().post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("targetKind", "FOLLOW"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors.length()").isEqualTo(2);
    }

    @Test
    void registrationsLandOnTheEventPageAndReachTheRepAsOneDigest() {
        Rep rep = rep("孙销售", "华东大区");
        String event = "evt-" + batch;
        long webinar = ((Number) asAdmin().post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "直播 " + batch, "targetKind", "LIVE_EVENT", "targetRef", event,
                        "targetUrl", "/live/events/" + event, "startsAt", Instant.now().minus(Duration.ofDays(1)).toString()))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id")).longValue();
        String token = (String) web.get().uri("/my/campaigns/{c}/share-link", webinar).cookie("YUTANG_SESSION", rep.session())
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody().get("token");

        String first = openid("reg1");
        String second = openid("reg2");
        String unsubscribed = openid("reg3");
        for (String prospect : List.of(first, second, unsubscribed)) {
            String session = H5Visitor.signIn(web, prospect);
            web.get().uri("/s/" + token).cookie("YUTANG_SESSION", session).exchange()
                    .expectStatus().isFound()
                    .expectHeader().location("/live/events/" + event + "?st=" + token);
        }
        web.get().uri("/s/" + token).exchange().expectStatus().isFound()
                .expectHeader().valueMatches("Location", "/wechat/oauth/start\\?scope=base&return=/s/" + token);
        String lost = H5Visitor.signIn(web, openid("lost"));
        web.get().uri("/s/AAAAAAAAAAAAAAAAAAAAAA").cookie("YUTANG_SESSION", lost).exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).value(page -> assertThat(page).contains("<title>活动</title>").contains("已失效"));
        web.get().uri("/s/AAAAAAAAAAAAAAAAAAAAAA").cookie("YUTANG_SESSION", lost).header("Accept-Language", "en").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(page -> assertThat(page).contains("This share link no longer works"));

        // The third texts 退订 to the account: no more marketing, the rep's follow-up included.
        String reply = WECHAT.open(pushForReply(WeChatEvents.text(TestAccount.GH_ID, unsubscribed, CLOCK.incrementAndGet(), "退订",
                CLOCK.get() * 1000)));
        assertThat(reply).as("what happened, and how to undo it").contains("已为你退订营销消息").contains("回复“订阅”")
                .contains("/my/privacy");
        awaitHandled(unsubscribed);
        attribution.converted(new ConversionClaim(contactOf(first), ConversionKind.REGISTRATION, "registration:" + batch + "-1",
                Instant.now(), TargetKind.LIVE_EVENT, event, null)).block(Duration.ofSeconds(5));
        attribution.converted(new ConversionClaim(contactOf(unsubscribed), ConversionKind.REGISTRATION,
                "registration:" + batch + "-3", Instant.now(), TargetKind.LIVE_EVENT, event, token, "钱女士", "云帆科技"))
                .block(Duration.ofSeconds(5));
        var decision = attribution.converted(new ConversionClaim(contactOf(second), ConversionKind.REGISTRATION,
                "registration:" + batch + "-2", Instant.now(), TargetKind.LIVE_EVENT, event, token, "孙先生", "星海科技"))
                .block(Duration.ofSeconds(5));
        assertThat(decision.credited()).isTrue();
        assertThat(decision.advocateSharerId()).isEqualTo(rep.id());

        List<LoggedRequest> sent = Flux.interval(Duration.ofMillis(100)).onBackpressureDrop()
                .map(i -> FakeWeChat.server().findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/message/custom/send"))
                        .withRequestBody(containing(rep.openid()))))
                .filter(found -> !found.isEmpty())
                .blockFirst(Duration.ofSeconds(10));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).getBodyAsString()).contains("2 条新动态").contains("报名了「直播 " + batch + "」")
                .as("the rep learns who registered, as the form named them").contains("孙先生（星海科技） 报名了「直播 " + batch + "」")
                .as("a prospect who gave no name").contains("一位客户 报名了")
                .as("nothing about the one who unsubscribed").doesNotContain("钱女士");
        assertThat(database.sql("""
                        select g.skipped from referral.rep_signal g join referral.conversion v on v.id = g.conversion_id
                         where v.contact_id = :c""").bind("c", contactOf(unsubscribed).value())
                .map(row -> row.get("skipped", String.class)).one().block(Duration.ofSeconds(5)))
                .as("left out of the digest, with the reason").isEqualTo("consent withdrawn: MARKETING");

        attribution.converted(new ConversionClaim(contactOf(first), ConversionKind.ATTENDANCE, "attendance:" + batch + "-1",
                Instant.now(), TargetKind.LIVE_EVENT, event, null)).block(Duration.ofSeconds(5));
        assertThat(database.sql("""
                        select extract(epoch from
                               (select due_at from referral.rep_digest where sharer_id = :s and state = 'PENDING')
                             - (select max(sent_at) from referral.rep_digest where sharer_id = :s and state = 'DONE'))::float8 as gap""")
                .bind("s", rep.id()).map(row -> row.get("gap", Double.class)).one().block(Duration.ofSeconds(5)))
                .as("the next digest waits out the five-minute interval").isGreaterThanOrEqualTo(300.0);
    }

    record Rep(long id, String openid, String session) {
    }

    static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() { };

    Rep rep(String name, String department) {
        return sharer("EMPLOYEE", name, department, null);
    }

    Rep sharer(String kind, String name, String department, String company) {
        String external = kind.charAt(0) + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> imported = new java.util.HashMap<>(Map.of("kind", kind, "externalId", external, "name", name));
        if (department != null) {
            imported.put("department", department);
        }
        if (company != null) {
            imported.put("company", company);
        }
        asAdmin().post().uri("/api/sharers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(imported))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.errors.length()").isEqualTo(0);
        long id = database.sql("select id from referral.sharer where external_id = :e").bind("e", external)
                .map(row -> row.get("id", Long.class)).one().block(Duration.ofSeconds(5));
        String path = URI.create((String) asAdmin().post().uri("/api/sharers/" + id + "/binding-links")
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("url")).getPath();
        String openid = openid("rep");
        String session = H5Visitor.signIn(web, openid);
        String bound = web.get().uri(path).cookie("YUTANG_SESSION", session).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseCookies().getFirst("YUTANG_SESSION").getValue();
        return new Rep(id, openid, bound);
    }

    Map<String, Object> shareLink(String session) {
        Map<String, Object> link = web.get().uri("/my/campaigns/{c}/share-link", campaign).cookie("YUTANG_SESSION", session)
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat((String) link.get("token")).as("at least 96 random bits").matches("[A-Za-z0-9_-]{22,}");
        assertThat((String) link.get("url")).endsWith("/s/" + link.get("token"));
        return link;
    }

    /** The scene string WeChat reports for the link's QR code (the fake echoes it in the code's URL). */
    static String sceneOf(Map<String, Object> link) {
        return ((String) link.get("sceneUrl")).replaceFirst(".*/test-", "");
    }

    String follow(String openid, String scene) {
        String xml = WeChatEvents.subscribe(TestAccount.GH_ID, openid, CLOCK.incrementAndGet(), scene);
        push(xml);
        return xml;
    }

    private String pushForReply(String eventXml) {
        WeChatServerSide.SignedCallback callback = WECHAT.push(eventXml);
        return web.post().uri("/wechat/callback?" + callback.query()).contentType(MediaType.TEXT_XML).bodyValue(callback.body())
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    void push(String eventXml) {
        push(WECHAT.push(eventXml));
    }

    void push(WeChatServerSide.SignedCallback callback) {
        web.post().uri("/wechat/callback?" + callback.query()).contentType(MediaType.TEXT_XML).bodyValue(callback.body())
                .exchange().expectStatus().isOk();
    }

    void awaitHandled(String... openids) {
        InboundEventsHandled.await(database, openids);
    }

    ContactId contactOf(String openid) {
        return new ContactId(database.sql("select id from referral.contact where openid = :o").bind("o", openid)
                .map(row -> row.get("id", Long.class)).one().block(Duration.ofSeconds(5)));
    }

    private long sharerOfContact(String openid) {
        return database.sql("select s.id from referral.sharer s join referral.contact c on c.id = s.contact_id where c.openid = :o")
                .bind("o", openid).map(row -> row.get("id", Long.class)).one().block(Duration.ofSeconds(5));
    }

    long credits(long sharer, String role) {
        return database.sql("""
                        select count(*) as n from referral.credit
                         where campaign_id = :c and sharer_id = :s and role = :r and kind = 'FOLLOW' and reversed_at is null""")
                .bind("c", campaign).bind("s", sharer).bind("r", role)
                .map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(5));
    }

    String board(String dimension, String metric) {
        return asAdmin().get().uri("/api/campaigns/{c}/leaderboards/{d}/{m}", campaign, dimension, metric).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    static String openid(String who) {
        return "o-" + who + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    WebTestClient asAdmin() {
        return StaffClients.admin(web);
    }
}

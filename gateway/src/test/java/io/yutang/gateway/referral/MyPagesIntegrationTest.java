package io.yutang.gateway.referral;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.InboundEventsHandled;
import io.yutang.gateway.GatewayProperties.EncryptionMode;
import io.yutang.gateway.StaffClients;
import io.yutang.gateway.TestAccount;
import io.yutang.gateway.YutangIntegrationTest;
import io.yutang.gateway.sandbox.WeChatEvents;
import io.yutang.gateway.sandbox.WeChatServerSide;
import io.yutang.gateway.signin.H5Visitor;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * Who sees what on the employee's pages (我的推广): a visitor not signed in is sent to WeChat's
 * silent sign-in, someone who shares nothing gets a friendly page, a campaign one may not share is
 * not there, and a partner's staff see their company's figures, never anyone else's.
 */
@YutangIntegrationTest
class MyPagesIntegrationTest {

    static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() { };
    static final WeChatServerSide WECHAT = new WeChatServerSide(TestAccount.APP_ID, TestAccount.TOKEN,
            TestAccount.AES_KEY, EncryptionMode.SAFE);
    static final AtomicLong CLOCK = new AtomicLong(Instant.now().getEpochSecond());

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    String batch;
    long campaign;

    @BeforeEach
    void aRunningCampaign() {
        batch = UUID.randomUUID().toString().substring(0, 8);
        campaign = campaign("渠道招募 " + batch, Instant.now().minus(Duration.ofDays(1)), null);
    }

    @Test
    void sendsAVisitorWhoIsNotSignedInThroughTheSilentSignIn() {
        web.get().uri("/my").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isFound()
                .expectHeader().location("/wechat/oauth/start?scope=base&return=/my");
        web.get().uri("/my/campaigns/{c}", campaign).accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isFound()
                .expectHeader().location("/wechat/oauth/start?scope=base&return=/my/campaigns/" + campaign);
        web.get().uri("/my/campaigns/{c}/standing", campaign).exchange().expectStatus().isUnauthorized();
        web.get().uri("/my/campaigns/{c}/poster", campaign).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void tellsSomeoneWhoSharesNothingThatTheyHaveNoCampaigns() {
        String session = H5Visitor.signIn(web, openid("nobody"));

        Document page = page("/my", session, null);
        assertThat(page.title()).isEqualTo("我的推广");
        assertThat(page.select("#no-campaigns h2").text()).isEqualTo("你还没有可以推广的活动");
        assertThat(page.select("#campaigns")).isEmpty();
        assertThat(page("/my/campaigns/" + campaign, session, null).select("#no-campaigns h2").text())
                .as("nor a campaign's page").isEqualTo("你还没有可以推广的活动");
        assertThat(page("/my", session, "en").select("#no-campaigns h2").text()).isEqualTo("You have no campaigns to share yet");
    }

    @Test
    void listsTheRunningCampaignsNewestFirstAndHidesTheOnesThatEndedOrDoNotExist() {
        long ended = campaign("已结束的活动 " + batch, Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(2)));
        long newer = campaign("新品发布会 " + batch, Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(7)));
        Sharer rep = sharer("EMPLOYEE", "郑销售", "华南大区", null);

        Document page = page("/my", rep.session(), null);
        List<String> shown = page.select("#campaigns a.campaign").eachAttr("data-campaign");
        assertThat(shown).contains(String.valueOf(campaign), String.valueOf(newer)).doesNotContain(String.valueOf(ended));
        assertThat(shown.indexOf(String.valueOf(newer))).as("newest first").isLessThan(shown.indexOf(String.valueOf(campaign)));
        assertThat(page.select("a[data-campaign=" + campaign + "] .name").text()).isEqualTo("渠道招募 " + batch);
        assertThat(page.select("a[data-campaign=" + newer + "] .meta").text()).startsWith("关注公众号").contains("截至");

        for (long missing : List.of(999_999_999L, ended)) {
            String html = web.get().uri("/my/campaigns/{c}", missing).cookie("YUTANG_SESSION", rep.session())
                    .accept(MediaType.TEXT_HTML).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(Jsoup.parse(html).select("#missing h1").text()).isEqualTo("找不到这个活动");
        }
        web.get().uri("/my/campaigns/999999999/standing").cookie("YUTANG_SESSION", rep.session()).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aPartnersStaffSeeTheirCompanysFiguresAndMaskedProspects() {
        String company = "云启科技 " + batch;
        Sharer first = sharer("PARTNER", "周伙伴", null, company);
        Sharer colleague = sharer("PARTNER", "吴伙伴", null, company);
        Sharer rival = sharer("PARTNER", "冯伙伴", null, "别家公司 " + batch);
        String scene = scene(first.session());
        List<String> prospects = List.of(openid("lead-a"), openid("lead-b"));
        for (String prospect : prospects) {
            follow(prospect, scene);
        }
        String rivalLead = openid("rival-lead");
        follow(rivalLead, scene(rival.session()));
        awaitHandled(prospects.get(0), prospects.get(1), rivalLead);
        Map<String, Object> standing = web.get().uri("/my/campaigns/{c}/standing", campaign)
                .cookie("YUTANG_SESSION", colleague.session()).exchange()
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();

        Document page = page("/my/campaigns/" + campaign, colleague.session(), null);
        assertThat(page.select("h1").text()).isEqualTo("渠道招募 " + batch);
        assertThat(page.select("#my-results h2").text()).isEqualTo(company + " 的成绩");
        assertThat(score(page, "FOLLOWS")).isEqualTo("2").isEqualTo(String.valueOf(((Map<?, ?>) standing.get("FOLLOWS")).get("score")));
        assertThat(score(page, "SCANS")).isEqualTo("2");
        assertThat(page.select("[data-metric=FOLLOWS] .rank").text())
                .isEqualTo("第 " + ((Map<?, ?>) standing.get("FOLLOWS")).get("rank") + " 名");
        assertThat(score(page, "REGISTRATIONS")).isEqualTo("0");
        assertThat(page.select("[data-metric=REGISTRATIONS] .rank").text()).isEqualTo("暂无排名");
        assertThat(score(page, "TOTAL")).as("the company's chain").isEqualTo("2");
        assertThat(page.select("#my-prospects .step[data-step=FOLLOW] .what").eachText())
                .as("the company's two new followers, not the other company's").containsExactly("关注了公众号", "关注了公众号");
        assertThat(page.select("#my-prospects .step .who").eachText()).containsOnly("微信用户");
        assertThat(page.select("#poster").attr("src")).isEqualTo("/my/campaigns/" + campaign + "/poster");
        assertThat(page.select("#my-link").text()).as("the colleague's own link").endsWith("/s/" + token(colleague.session()));
    }

    @Test
    void aProspectWhoSharesOnwardsSeesTheirOwnLinkAndBranchWithoutARank() {
        Sharer rep = sharer("EMPLOYEE", "钱销售", "华东大区", null);
        String prospect = openid("onward");
        follow(prospect, scene(rep.session()));
        awaitHandled(prospect);
        String session = H5Visitor.signIn(web, prospect);
        assertThat(page("/my", session, null).select("#no-campaigns h2").text())
                .as("not a sharer until they ask for a link of their own").isEqualTo("你还没有可以推广的活动");
        String friend = openid("friend");
        follow(friend, scene(session));
        awaitHandled(friend);

        Document list = page("/my", session, null);
        assertThat(list.select("#campaigns a.campaign").eachAttr("data-campaign")).containsExactly(String.valueOf(campaign));
        Document page = page("/my/campaigns/" + campaign, session, null);
        assertThat(page.select("#my-results h2").text()).isEqualTo("我的分支");
        assertThat(page.select("#my-results .metrics")).as("prospects are on no board").isEmpty();
        assertThat(score(page, "TOTAL")).isEqualTo("1");
        assertThat(score(page, "DIRECT")).isEqualTo("1");
        assertThat(page.select("#my-prospects .step[data-step=FOLLOW] .who").eachText()).containsExactly("微信用户");
        assertThat(page.select("#my-link").text()).endsWith("/s/" + token(session));
        web.get().uri("/my/campaigns/{c}/standing", campaign).cookie("YUTANG_SESSION", session).exchange()
                .expectStatus().isForbidden();

        Document english = page("/my/campaigns/" + campaign, session, "en");
        assertThat(english.select("#my-results h2").text()).isEqualTo("My branch");
        assertThat(english.select("#my-prospects .step .what").text()).isEqualTo("followed the account");
    }

    private String score(Document page, String metric) {
        return page.select("[data-metric=" + metric + "] .value").text();
    }

    private Document page(String path, String session, String language) {
        String html = web.get().uri(path).cookie("YUTANG_SESSION", session).accept(MediaType.TEXT_HTML)
                .headers(h -> {
                    if (language != null) {
                        h.set("Accept-Language", language);
                    }
                })
                .exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectBody(String.class).returnResult().getResponseBody();
        return Jsoup.parse(html);
    }

    record Sharer(long id, String session) {
    }

    private long campaign(String name, Instant startsAt, Instant endsAt) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "targetKind", "FOLLOW", "startsAt", startsAt.toString()));
        if (endsAt != null) {
            body.put("endsAt", endsAt.toString());
        }
        return ((Number) asAdmin().post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id")).longValue();
    }

    /** Imports a sharer and binds them to a WeChat user of their own, as their binding link does; their session. */
    private Sharer sharer(String kind, String name, String department, String company) {
        String external = kind.charAt(0) + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> imported = new HashMap<>(Map.of("kind", kind, "externalId", external, "name", name));
        if (department != null) {
            imported.put("department", department);
        }
        if (company != null) {
            imported.put("company", company);
        }
        asAdmin().post().uri("/api/sharers").contentType(MediaType.APPLICATION_JSON).bodyValue(List.of(imported))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.errors.length()").isEqualTo(0);
        long id = database.sql("select id from referral.sharer where external_id = :e").bind("e", external)
                .map(row -> row.get("id", Long.class)).one().block(Duration.ofSeconds(5));
        String path = URI.create((String) asAdmin().post().uri("/api/sharers/" + id + "/binding-links")
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("url")).getPath();
        String session = H5Visitor.signIn(web, openid("sharer"));
        String bound = web.get().uri(path).cookie("YUTANG_SESSION", session).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseCookies().getFirst("YUTANG_SESSION").getValue();
        return new Sharer(id, bound);
    }

    private Map<String, Object> shareLink(String session) {
        return web.get().uri("/my/campaigns/{c}/share-link", campaign).cookie("YUTANG_SESSION", session)
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
    }

    /** The scene string WeChat reports for the sharer's QR code (the fake echoes it in the code's URL). */
    private String scene(String session) {
        return ((String) shareLink(session).get("sceneUrl")).replaceFirst(".*/test-", "");
    }

    private String token(String session) {
        return (String) shareLink(session).get("token");
    }

    private void follow(String openid, String scene) {
        WeChatServerSide.SignedCallback callback = WECHAT.push(
                WeChatEvents.subscribe(TestAccount.GH_ID, openid, CLOCK.incrementAndGet(), scene));
        web.post().uri("/wechat/callback?" + callback.query()).contentType(MediaType.TEXT_XML).bodyValue(callback.body())
                .exchange().expectStatus().isOk();
    }

    private void awaitHandled(String... openids) {
        InboundEventsHandled.await(database, openids);
    }

    private static String openid(String who) {
        return "o-" + who + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    private WebTestClient asAdmin() {
        return StaffClients.admin(web);
    }
}

package io.yutang.gateway.journey;

import static io.yutang.gateway.journey.H5Journeys.MAP;
import static io.yutang.gateway.journey.H5Journeys.createdId;
import static io.yutang.gateway.journey.H5Journeys.csrf;
import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.StaffClients;
import io.yutang.gateway.YutangIntegrationTest;
import io.yutang.gateway.signin.H5Visitor;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * A whitepaper from marketing's and the prospect's side over HTTP: marketing creates the asset,
 * uploads its file and publishes it; a rep's link leads a prospect through sign-in to the asset's
 * page, the gate is passed once, the download serves the file with its Chinese name and ranges,
 * and the lead is credited to the rep.
 */
@YutangIntegrationTest
class ContentJourneyIntegrationTest {

    static final String FILE = "%PDF-1.7 数字化营销白皮书 (yutang test file) 0123456789";

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    @Test
    void aProspectBroughtByARepPassesTheGateOnceAndDownloadsTheWhitepaper() {
        long asset = publishedAsset("2026 数字化营销白皮书");
        long campaign = createdId(admin().post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of(
                "name", "白皮书推广", "targetKind", "CONTENT", "targetRef", String.valueOf(asset),
                "targetUrl", "/c/assets/" + asset, "startsAt", Instant.now().minus(Duration.ofDays(1)).toString())));
        long rep = sharer("王销售");
        String token = (String) admin().post().uri("/api/campaigns/{c}/share-links", campaign).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("sharerId", rep)).exchange().expectStatus().is2xxSuccessful()
                .expectBody(MAP).returnResult().getResponseBody().get("token");
        String prospect = "o-content-" + UUID.randomUUID().toString().substring(0, 8);
        String session = H5Visitor.signIn(web, prospect);

        URI landing = web.get().uri("/s/{t}", token).cookie("YUTANG_SESSION", session).exchange()
                .expectStatus().isFound().returnResult(Void.class).getResponseHeaders().getLocation();
        assertThat(landing.toString()).contains("/c/assets/" + asset).contains("st=" + token);
        String[] page = page(asset, token, session);
        String html = page[0];
        session = page[1];
        assertThat(html).contains("2026 数字化营销白皮书").contains("name=\"company\"")
                .contains("同意就本资料与我联系").contains("name=\"marketing\" type=\"checkbox\">")
                .doesNotContain("type=\"checkbox\" checked");
        String csrf = csrf(html);

        web.put().uri("/my/assets/{a}/lead", asset).cookie("YUTANG_SESSION", session).header("X-CSRF-TOKEN", csrf)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("answers", Map.of("name", "李女士"), "delivery", false))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].reason").isEqualTo("请填写公司")
                .jsonPath("$.errors[?(@.field == 'delivery')].reason").isEqualTo("请先阅读并同意隐私说明");
        Map<String, Object> receipt = web.put().uri("/my/assets/{a}/lead", asset).cookie("YUTANG_SESSION", session)
                .header("X-CSRF-TOKEN", csrf).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("answers", Map.of("name", "李女士", "company", "鱼塘科技", "phone", "13800138000"),
                        "delivery", true, "marketing", true, "sharing", false, "shareToken", token))
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        String download = URI.create((String) receipt.get("download")).getPath();

        var whole = web.get().uri(download).exchange().expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.CONTENT_TYPE, "application/pdf")
                .expectHeader().valueEquals(HttpHeaders.ACCEPT_RANGES, "bytes")
                .expectBody(byte[].class).returnResult();
        assertThat(new String(whole.getResponseBody(), StandardCharsets.UTF_8)).isEqualTo(FILE);
        assertThat(whole.getResponseHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
                .contains("filename*=UTF-8''2026%20%E6%95%B0%E5%AD%97%E5%8C%96");
        web.get().uri(download).header(HttpHeaders.RANGE, "bytes=0-7").exchange().expectStatus().isEqualTo(206)
                .expectHeader().valueEquals(HttpHeaders.CONTENT_RANGE, "bytes 0-7/" + FILE.getBytes(StandardCharsets.UTF_8).length)
                .expectBody(String.class).isEqualTo("%PDF-1.7");
        web.get().uri(download.substring(0, download.length() - 3) + "AAA").exchange().expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);

        // Back on the page later: no second form, a fresh link.
        assertThat(page(asset, token, session)[0]).contains("你已提交过信息");
        web.get().uri("/my/assets/{a}/lead", asset).cookie("YUTANG_SESSION", session).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.leadId").isEqualTo(receipt.get("leadId"));

        StaffClients.newMarketer(web).get().uri("/api/assets/{a}/leads", asset).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[0].answers.phone").isEqualTo("138****8000");
        admin().get().uri("/api/assets/{a}/leads", asset).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].answers.phone").isEqualTo("13800138000")
                .jsonPath("$[0].downloads").isEqualTo(1)
                .jsonPath("$[0].credited").isEqualTo(true);
        assertThat(database.sql("""
                        select k.sharer_id || ':' || k.role as credit from referral.credit k
                          join referral.conversion v on v.id = k.conversion_id join referral.contact c on c.id = v.contact_id
                         where c.openid = :o and v.kind = 'LEAD' and v.campaign_id = :campaign order by k.role desc""")
                .bind("o", prospect).bind("campaign", campaign).map(row -> row.get("credit", String.class)).all().collectList()
                .block(Duration.ofSeconds(5)))
                .containsExactly(rep + ":REFERRER", rep + ":ADVOCATE");
    }

    @Test
    void aProspectWhoForwardsThePageIsTheReferrerOfThePersonTheyForwardedItTo() {
        long asset = publishedAsset("私域运营手册");
        long campaign = createdId(admin().post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of(
                "name", "手册推广", "targetKind", "CONTENT", "targetRef", String.valueOf(asset),
                "targetUrl", "/c/assets/" + asset, "startsAt", Instant.now().minus(Duration.ofDays(1)).toString())));
        long rep = sharer("赵销售");
        String repToken = (String) admin().post().uri("/api/campaigns/{c}/share-links", campaign).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("sharerId", rep)).exchange().expectStatus().is2xxSuccessful()
                .expectBody(MAP).returnResult().getResponseBody().get("token");

        // P comes through the rep's link; the page tells WeChat's share menu to ask for P's own link.
        String p = H5Visitor.signIn(web, "o-forwarder-" + UUID.randomUUID().toString().substring(0, 8));
        web.get().uri("/s/{t}", repToken).cookie("YUTANG_SESSION", p).exchange().expectStatus().isFound();
        String[] page = page(asset, repToken, p);
        assertThat(page[0]).contains("updateAppMessageShareData").contains("updateTimelineShareData")
                .contains("\"st\":\"" + repToken + "\"").contains("\"target\":\"CONTENT\",\"ref\":\"" + asset + "\"");
        String own = URI.create((String) web.get().uri("/my/share-link?st={t}", repToken).cookie("YUTANG_SESSION", page[1])
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody().get("url")).getPath();
        assertThat(own).startsWith("/s/").isNotEqualTo("/s/" + repToken);
        web.get().uri("/my/share-link?target=CONTENT&ref={a}", asset).cookie("YUTANG_SESSION", page[1]).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.url").value(url -> assertThat((String) url).endsWith(own));
        web.get().uri("/my/share-link?target=CONTENT&ref=999999").cookie("YUTANG_SESSION", page[1]).exchange()
                .expectStatus().isNotFound().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);

        // Q opens what P forwarded and passes the gate.
        String qOpenid = "o-forwarded-" + UUID.randomUUID().toString().substring(0, 8);
        String q = H5Visitor.signIn(web, qOpenid);
        URI landing = web.get().uri(own).cookie("YUTANG_SESSION", q).exchange().expectStatus().isFound()
                .returnResult(Void.class).getResponseHeaders().getLocation();
        String ownToken = own.substring("/s/".length());
        assertThat(landing.toString()).contains("st=" + ownToken);
        String[] qPage = page(asset, ownToken, q);
        web.put().uri("/my/assets/{a}/lead", asset).cookie("YUTANG_SESSION", qPage[1]).header("X-CSRF-TOKEN", csrf(qPage[0]))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("answers", Map.of("name", "周先生", "company", "远山物流", "phone", "13500135000"),
                        "delivery", true, "shareToken", ownToken))
                .exchange().expectStatus().isOk();

        List<Map<String, Object>> credits = database.sql("""
                        select s.kind, s.id, k.role from referral.credit k join referral.sharer s on s.id = k.sharer_id
                          join referral.conversion v on v.id = k.conversion_id join referral.contact c on c.id = v.contact_id
                         where c.openid = :o and v.kind = 'LEAD' order by k.role desc""")
                .bind("o", qOpenid).map(row -> Map.<String, Object>of("kind", row.get("kind", String.class),
                        "id", row.get("id", Long.class), "role", row.get("role", String.class)))
                .all().collectList().block(Duration.ofSeconds(5));
        assertThat(credits).extracting(c -> c.get("kind") + ":" + c.get("role"))
                .as("P, a prospect, is the direct referrer; the rep still owns the branch")
                .containsExactly("PROSPECT:REFERRER", "EMPLOYEE:ADVOCATE");
        assertThat(credits.get(1).get("id")).isEqualTo(rep);
    }

    @Test
    void aProspectWhoseBehaviourAddsUpBecomesAQualifiedLeadCreditedToTheRep() {
        Map<String, Object> changed = admin().put().uri("/api/scoring/rules").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("rules", List.of(Map.of("behaviour", "LEAD", "points", 40, "label", "留资"),
                        Map.of("behaviour", "DOWNLOAD", "points", 30, "halfLife", "P30D", "label", "下载资料"))))
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(((Map<?, ?>) changed.get("rules")).get("createdBy")).isEqualTo("admin");
        try {
            long asset = publishedAsset("线索评分白皮书");
            long campaign = createdId(admin().post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of(
                    "name", "评分推广", "targetKind", "CONTENT", "targetRef", String.valueOf(asset),
                    "targetUrl", "/c/assets/" + asset, "startsAt", Instant.now().minus(Duration.ofDays(1)).toString())));
            long rep = sharer("钱销售");
            String token = (String) admin().post().uri("/api/campaigns/{c}/share-links", campaign)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("sharerId", rep)).exchange()
                    .expectStatus().is2xxSuccessful().expectBody(MAP).returnResult().getResponseBody().get("token");
            String prospect = "o-scored-" + UUID.randomUUID().toString().substring(0, 8);
            String session = H5Visitor.signIn(web, prospect);
            web.get().uri("/s/{t}", token).cookie("YUTANG_SESSION", session).exchange().expectStatus().isFound();
            String[] page = page(asset, token, session);
            Map<String, Object> receipt = web.put().uri("/my/assets/{a}/lead", asset).cookie("YUTANG_SESSION", page[1])
                    .header("X-CSRF-TOKEN", csrf(page[0])).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("answers", Map.of("name", "吴女士", "company", "青松软件", "phone", "13700137000"),
                            "delivery", true, "shareToken", token))
                    .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
            web.get().uri(URI.create((String) receipt.get("download")).getPath()).exchange().expectStatus().isOk();
            long contact = database.sql("select id from referral.contact where openid = :o").bind("o", prospect)
                    .map(row -> row.get("id", Long.class)).one().block(Duration.ofSeconds(5));

            // Scoring and the hand-off run in the background: wait until the hand-off is done.
            Map<String, Object> score = Flux.interval(Duration.ofMillis(200)).onBackpressureDrop()
                    .publishOn(Schedulers.boundedElastic(), 1)
                    .map(i -> admin().get().uri("/api/contacts/{c}/score", contact).exchange().expectStatus().isOk()
                            .expectBody(MAP).returnResult().getResponseBody())
                    .filter(found -> ((List<?>) found.get("qualified")).stream().anyMatch(q -> "DONE".equals(((Map<?, ?>) q).get("handOver"))))
                    .blockFirst(Duration.ofSeconds(20));
            assertThat(score.get("score")).isEqualTo(70.0);
            assertThat((List<Map<String, Object>>) score.get("lines")).extracting(line -> line.get("behaviour") + ":" + line.get("note"))
                    .as("the phone on the form identified them too, which these rules do not score")
                    .containsExactly("LEAD:counted", "IDENTIFIED:no rule scores this behaviour",
                            "DOWNLOAD:counted, decayed with a half-life of PT720H");
            assertThat(((Map<?, ?>) ((List<?>) score.get("qualified")).get(0)).get("detail")).isEqualTo("得分 70：留资 ×1、下载资料 ×1");
            admin().get().uri("/api/campaigns/{c}/leaderboards/EMPLOYEE/QUALIFIED_LEADS", campaign).exchange()
                    .expectStatus().isOk().expectBody()
                    .jsonPath("$.entries[0].label").isEqualTo("钱销售")
                    .jsonPath("$.entries[0].score").isEqualTo(1);
            admin().get().uri("/api/scoring/qualified-leads?limit=5").exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$[?(@.contactId == " + contact + ")].score").isEqualTo(70.0);
            admin().get().uri("/api/assets/{a}/report", asset).exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.total.leads").isEqualTo(1)
                    .jsonPath("$.total.qualifiedLeads").isEqualTo(1)
                    .jsonPath("$.splits.SHARER[0].label").isEqualTo("钱销售")
                    .jsonPath("$.splits.SHARER[0].figures.qualifiedLeads").isEqualTo(1);
        } finally {
            admin().put().uri("/api/scoring/rules").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("rules", List.of(Map.of("behaviour", "FOLLOW", "points", 5))))
                    .exchange().expectStatus().isOk();
        }
    }

    @Test
    void scoringRulesThatCannotWorkAreRefusedAndScoresAreForStaffOnly() {
        admin().put().uri("/api/scoring/rules").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("rules", List.of(Map.of("behaviour", "SCAN", "points", 2, "repeatable", true, "cap", 3))))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("rules[0].cap");
        admin().put().uri("/api/scoring/rules").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("rules", List.of(Map.of("behaviour", "NAP", "points", 2))))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        admin().put().uri("/api/scoring/rules").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("rules", List.of()))
                .exchange().expectStatus().isBadRequest();
        admin().get().uri("/api/contacts/{c}/score", 987654321L).exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/api/scoring/rules").exchange().expectStatus().isUnauthorized();
        admin().get().uri("/api/scoring/rules").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.qualifyingScore").isEqualTo(60);
    }

    @Test
    void marketingsMistakesAndStrangersAreRefusedClearly() {
        admin().post().uri("/api/assets").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "无文件", "deliveryConsent", "同意就本资料与我联系", "status", "PUBLISHED"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].reason").isEqualTo("nothing-to-deliver");
        admin().post().uri("/api/assets").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "坏\u0000标题", "deliveryConsent", "同意"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].reason").isEqualTo("control-character");
        long draft = createdId(admin().post().uri("/api/assets").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "草稿", "deliveryConsent", "同意就本资料与我联系")));
        admin().put().uri("/api/assets/{a}/cover", draft).contentType(MediaType.TEXT_PLAIN).bodyValue("not an image")
                .exchange().expectStatus().isBadRequest();
        web.get().uri("/api/assets").exchange().expectStatus().isUnauthorized();
        String session = H5Visitor.signIn(web, "o-content-" + UUID.randomUUID().toString().substring(0, 8));
        web.get().uri("/c/assets/{a}", draft).cookie("YUTANG_SESSION", session).accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isNotFound();
        web.get().uri("/c/assets/{a}", draft).accept(MediaType.TEXT_HTML).exchange().expectStatus().isFound();
    }

    private long publishedAsset(String title) {
        long asset = createdId(admin().post().uri("/api/assets").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of(
                "title", title, "summary", "趋势、案例与方法", "deliveryConsent", "同意就本资料与我联系",
                "marketingConsent", "同意接收营销信息", "sharingConsent", "同意将我的信息分享给推荐我的伙伴")));
        admin().post().uri(builder -> builder.path("/api/assets/{a}/versions").queryParam("fileName", title + ".pdf").build(asset))
                .contentType(MediaType.APPLICATION_PDF).bodyValue(FILE.getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isCreated().expectBody().jsonPath("$.version").isEqualTo(1);
        admin().put().uri("/api/assets/{a}", asset).contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of(
                "title", title, "summary", "趋势、案例与方法", "deliveryConsent", "同意就本资料与我联系",
                "marketingConsent", "同意接收营销信息", "sharingConsent", "同意将我的信息分享给推荐我的伙伴", "status", "PUBLISHED"))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.current.fileName").isEqualTo(title + ".pdf");
        return asset;
    }

    private String[] page(long asset, String token, String session) {
        return H5Journeys.page(web, "/c/assets/" + asset + "?st=" + token, session);
    }

    private long sharer(String name) {
        return H5Journeys.employee(admin(), database, Map.of("name", name));
    }

    private WebTestClient admin() {
        return StaffClients.admin(web);
    }
}

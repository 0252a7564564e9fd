package io.yutang.gateway.journey;

import io.yutang.gateway.StaffClients;
import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.YutangIntegrationTest;
import io.yutang.gateway.signin.H5Visitor;
import io.yutang.referral.Attribution;
import io.yutang.referral.ContactId;
import io.yutang.referral.ConversionClaim;
import io.yutang.referral.ConversionKind;
import io.yutang.referral.TargetKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Marketing asks why registrations were credited, for one sharer, over HTTP; and a prospect opens
 * the share link of a live event's campaign that has ended.
 */
@YutangIntegrationTest
class CampaignDecisionsJourneyIntegrationTest {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() { };

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    @Autowired
    Attribution attribution;

    String batch;
    String event;

    @BeforeEach
    void aBatch() {
        batch = UUID.randomUUID().toString().substring(0, 8);
        event = "evt-" + batch;
    }

    @Test
    void listsTheDecisionsCreditingOneSharerWithTheirNames() {
        long webinar = campaign(Instant.now().minus(Duration.ofDays(1)), null);
        long wang = sharer("EMPLOYEE", "王销售", "华东大区", null);
        long li = sharer("PARTNER", "李伙伴", null, "星海科技");
        String wangToken = token(webinar, wang);
        String liToken = token(webinar, li);
        register("p1", wangToken);
        register("p2", liToken);

        asAdmin().get().uri("/api/campaigns/{c}/decisions?sharerId={s}", webinar, wang).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].outcome").isEqualTo("CREDITED")
                .jsonPath("$[0].referrerSharerId").isEqualTo(wang)
                .jsonPath("$[0].referrer.name").isEqualTo("王销售")
                .jsonPath("$[0].referrer.kind").isEqualTo("EMPLOYEE")
                .jsonPath("$[0].referrer.department").isEqualTo("华东大区")
                .jsonPath("$[0].advocate.name").isEqualTo("王销售")
                .jsonPath("$[0].reason").value(reason -> assertThat((String) reason)
                        .contains("through 王销售 (employee, 华东大区)").doesNotContain("sharer #"));
        asAdmin().get().uri("/api/campaigns/{c}/decisions?sharerId={s}", webinar, li).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].referrer.company").isEqualTo("星海科技")
                .jsonPath("$[0].reason").value(reason -> assertThat((String) reason).contains("through 李伙伴 (partner, 星海科技)"));
        asAdmin().get().uri("/api/campaigns/{c}/decisions", webinar).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(2);
        asAdmin().get().uri("/api/campaigns/{c}/decisions?sharerId=abc", webinar).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void anEndedCampaignsLinkSaysSoAndCarriesNoToken() {
        long webinar = campaign(Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(1)));
        String token = token(webinar, sharer("EMPLOYEE", "周销售", "华南大区", null));
        String session = H5Visitor.signIn(web, openid("late"));

        web.get().uri("/s/" + token).cookie("YUTANG_SESSION", session).exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).value(page -> assertThat(page)
                        .contains("「直播 " + batch + "」已结束").contains("关注我们的公众号").doesNotContain("st=" + token));
        web.get().uri("/s/" + token).cookie("YUTANG_SESSION", session).header("Accept-Language", "en").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(page -> assertThat(page).contains("has ended"));
    }

    private long campaign(Instant startsAt, Instant endsAt) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", "直播 " + batch, "targetKind", "LIVE_EVENT",
                "targetRef", event, "targetUrl", "/live/events/" + event, "startsAt", startsAt.toString()));
        if (endsAt != null) {
            body.put("endsAt", endsAt.toString());
        }
        return ((Number) asAdmin().post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id")).longValue();
    }

    private long sharer(String kind, String name, String department, String company) {
        String external = kind.charAt(0) + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> imported = new java.util.HashMap<>(Map.of("kind", kind, "externalId", external, "name", name));
        if (department != null) {
            imported.put("department", department);
        }
        if (company != null) {
            imported.put("company", company);
        }
        asAdmin().post().uri("/api/sharers").contentType(MediaType.APPLICATION_JSON).bodyValue(List.of(imported))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.errors.length()").isEqualTo(0);
        return database.sql("select id from referral.sharer where external_id = :e").bind("e", external)
                .map(row -> row.get("id", Long.class)).one().block(Duration.ofSeconds(5));
    }

    private String token(long campaign, long sharer) {
        return (String) asAdmin().post().uri("/api/campaigns/{c}/share-links", campaign).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("sharerId", sharer)).exchange().expectStatus().is2xxSuccessful()
                .expectBody(MAP).returnResult().getResponseBody().get("token");
    }

    private void register(String who, String token) {
        String openid = openid(who);
        String session = H5Visitor.signIn(web, openid);
        web.get().uri("/s/" + token).cookie("YUTANG_SESSION", session).exchange().expectStatus().isFound();
        ContactId contact = new ContactId(database.sql("select id from referral.contact where openid = :o").bind("o", openid)
                .map(row -> row.get("id", Long.class)).one().block(Duration.ofSeconds(5)));
        attribution.converted(new ConversionClaim(contact, ConversionKind.REGISTRATION, "registration:" + batch + "-" + who,
                Instant.now(), TargetKind.LIVE_EVENT, event, token)).block(Duration.ofSeconds(5));
    }

    private static String openid(String who) {
        return "o-" + who + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    private WebTestClient asAdmin() {
        return StaffClients.admin(web);
    }
}

package io.yutang.gateway.signin;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.StaffClients;
import io.yutang.gateway.YutangIntegrationTest;
import java.net.URI;
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
 * Opening a share link records the viewer's own touch whatever the caller sends, and having opened
 * and shared a link as a prospect does not keep an employee from binding their WeChat afterwards.
 */
@YutangIntegrationTest
class ShareLinkOpenIntegrationTest {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() { };

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    String batch;
    long campaign;

    @BeforeEach
    void aCampaign() {
        batch = UUID.randomUUID().toString().substring(0, 8);
        campaign = ((Number) admin().post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "公开课 " + batch, "targetKind", "FOLLOW",
                        "startsAt", Instant.now().minus(Duration.ofDays(1)).toString()))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id")).longValue();
    }

    @Test
    void twoViewersSendingTheSameRequestIdEachGetTheirOwnTouchAndTreeEntry() {
        String token = shareLinkOf(employee("王销售"));
        String first = "o-first-" + batch;
        String second = "o-second-" + batch;
        for (String openid : List.of(first, second)) {
            web.get().uri("/s/" + token).cookie("YUTANG_SESSION", H5Visitor.signIn(web, openid))
                    .header("X-Request-Id", "chosen-by-caller-" + batch).exchange()
                    .expectStatus().is2xxSuccessful();
        }

        assertThat(touchesOf(first)).isEqualTo(1);
        assertThat(touchesOf(second)).isEqualTo(1);
        assertThat(database.sql("""
                        select count(*) as n from referral.tree_edge e join referral.touch t on t.id = e.touch_id
                         where e.campaign_id = :campaign and t.contact_id = e.contact_id""")
                .bind("campaign", campaign).map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(5)))
                .as("each tree entry points at its own viewer's touch").isEqualTo(2);
    }

    @Test
    void anEmployeeWhoSharedOnwardsAsAProspectCanStillBindTheirWeChat() {
        long employee = employee("李销售");
        String openid = "o-employee-" + batch;
        String session = H5Visitor.signIn(web, openid);
        web.get().uri("/s/" + shareLinkOf(employee("王销售"))).cookie("YUTANG_SESSION", session).exchange()
                .expectStatus().is2xxSuccessful();
        String onward = (String) web.get().uri("/my/campaigns/{c}/share-link", campaign).cookie("YUTANG_SESSION", session)
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody().get("token");
        assertThat(onward).isNotBlank();

        String path = URI.create((String) admin().post().uri("/api/sharers/" + employee + "/binding-links").exchange()
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("url")).getPath();
        var bound = web.get().uri(path).cookie("YUTANG_SESSION", session).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(html -> assertThat(html).contains("绑定成功").contains("李销售"))
                .returnResult();
        String renewed = bound.getResponseCookies().getFirst("YUTANG_SESSION").getValue();
        web.get().uri("/wechat/oauth/viewer").cookie("YUTANG_SESSION", renewed).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.roles").isEqualTo(List.of("REP", "VIEWER"));
        assertThat(web.get().uri("/my/campaigns/{c}/share-link", campaign).cookie("YUTANG_SESSION", renewed)
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody().get("token"))
                .as("her own employee link now, not the prospect's").isNotEqualTo(onward);
    }

    private long employee(String name) {
        String external = "E-" + UUID.randomUUID().toString().substring(0, 8);
        admin().post().uri("/api/sharers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(Map.of("kind", "EMPLOYEE", "externalId", external, "name", name)))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.errors.length()").isEqualTo(0);
        return database.sql("select id from referral.sharer where external_id = :e").bind("e", external)
                .map(row -> row.get("id", Long.class)).one().block(Duration.ofSeconds(5));
    }

    private String shareLinkOf(long sharer) {
        return (String) admin().post().uri("/api/campaigns/{c}/share-links", campaign).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("sharerId", sharer)).exchange().expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody().get("token");
    }

    private long touchesOf(String openid) {
        return database.sql("""
                        select count(*) as n from referral.touch t join referral.contact c on c.id = t.contact_id
                         where c.openid = :openid and t.campaign_id = :campaign and t.channel = 'LINK_OPEN'""")
                .bind("openid", openid).bind("campaign", campaign)
                .map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(5));
    }

    private WebTestClient admin() {
        return StaffClients.admin(web);
    }
}

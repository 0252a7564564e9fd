package io.yutang.gateway.livestream;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.StaffClients;
import io.yutang.gateway.YutangIntegrationTest;
import io.yutang.gateway.signin.H5Visitor;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** An unpublished (DRAFT) event does not exist for prospects: no watch redirect, no viewing, nothing recorded. */
@YutangIntegrationTest
class DraftEventIntegrationTest {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() { };
    private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    @Test
    void aDraftsWatchLinkAndViewingsAreNotFoundAndRecordNothing() {
        long draft = event("DRAFT");
        long open = event("OPEN");
        String session = H5Visitor.signIn(web, "o-draft-" + UUID.randomUUID().toString().substring(0, 8));

        web.get().uri("/live/{id}/watch", draft).cookie("YUTANG_SESSION", session).exchange()
                .expectStatus().isNotFound()
                .expectHeader().doesNotExist("Location")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);

        var page = web.get().uri("/live/{id}", open).cookie("YUTANG_SESSION", session).accept(MediaType.TEXT_HTML)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult();
        var renewed = page.getResponseCookies().getFirst("YUTANG_SESSION");
        String cookie = renewed == null ? session : renewed.getValue();
        Matcher csrf = CSRF.matcher(page.getResponseBody());
        assertThat(csrf.find()).isTrue();
        web.post().uri("/my/events/{id}/viewings", draft).cookie("YUTANG_SESSION", cookie)
                .header("X-CSRF-TOKEN", csrf.group(1)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("sessionKey", "draft-session-1")).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);

        assertThat(database.sql("select count(*) as n from livestream.viewing where event_id = :e").bind("e", draft)
                .map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(5))).isZero();
        web.post().uri("/my/events/{id}/viewings", open).cookie("YUTANG_SESSION", cookie)
                .header("X-CSRF-TOKEN", csrf.group(1)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("sessionKey", "open-session-1")).exchange()
                .expectStatus().isCreated();
    }

    private long event(String status) {
        Instant start = Instant.now().minus(Duration.ofMinutes(10));
        return ((Number) StaffClients.admin(web).post().uri("/api/events").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "直播 " + status, "startsAt", start.toString(),
                        "endsAt", start.plus(Duration.ofHours(2)).toString(), "status", status,
                        "watchUrl", "https://live.example.com/watch/" + status.toLowerCase(),
                        "consentText", "我们将按隐私政策使用你的信息发送直播提醒。"))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id")).longValue();
    }
}

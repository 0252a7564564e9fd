package io.yutang.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;

@YutangIntegrationTest
class OperabilityIntegrationTest {

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @Test
    void healthIsUpWithPostgresAndRedisChecked() {
        web.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.r2dbc.status").isEqualTo("UP")
                .jsonPath("$.components.redis.status").isEqualTo("UP");
    }

    @Test
    void readinessWaitsForPostgresAndRedisWhileLivenessDoesNot() {
        web.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.r2dbc.status").isEqualTo("UP")
                .jsonPath("$.components.redis.status").isEqualTo("UP");
        web.get().uri("/actuator/health/liveness").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.r2dbc").doesNotExist();
    }

    @Test
    void prometheusScrapesRequestMetrics() {
        web.get().uri("/actuator/health").exchange().expectStatus().isOk();
        String scrape = web.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(scrape).contains("http_server_requests_seconds_count").contains("jvm_memory_used_bytes");
    }

    @Test
    void theFirewallRefusesPathsThatCouldSlipPastTheAccessRulesBeforeAnyChainIsChosen() {
        // A path parameter or an encoded slash could make /api/… look like another path to a matcher.
        for (String path : new String[] {"/wechat/callback;x=1", "/api/campaigns;jsessionid=1", "/console/..%2Fapi/campaigns"}) {
            web.get().uri(path).exchange().expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        // Each family still gets its own chain: WeChat's callback its signature check, the API a 401, the console its sign-in page.
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        web.get().uri("/wechat/callback?signature={s}&timestamp={t}&nonce=7&echostr=checked",
                        me.chanjar.weixin.common.util.crypto.SHA1.gen(TestAccount.TOKEN, timestamp, "7"), timestamp)
                .exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("checked");
        web.get().uri("/api/campaigns").exchange().expectStatus().isUnauthorized();
        web.get().uri("/console").exchange().expectStatus().is3xxRedirection();
    }

    @Test
    void refusalsAreProblemJsonInChineseWithTheRequestId() {
        web.get().uri("/no-such-endpoint")
                .header("X-Request-Id", "test-request-0001")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("X-Request-Id", "test-request-0001")
                .expectBody()
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.title").isEqualTo("未登录")
                .jsonPath("$.instance").isEqualTo("/no-such-endpoint")
                .jsonPath("$.requestId").isEqualTo("test-request-0001");
    }

    @Test
    void refusalsSpeakEnglishWhenAsked() {
        web.get().uri("/no-such-endpoint")
                .header("Accept-Language", "en")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectBody()
                .jsonPath("$.title").isEqualTo("Not signed in");
    }

    @Test
    void malformedRequestIdIsReplacedByAFreshOne() {
        String echoed = web.get().uri("/actuator/health")
                .header("X-Request-Id", "<script>")
                .exchange()
                .expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getFirst("X-Request-Id");
        assertThat(echoed).isNotEqualTo("<script>").matches("[0-9a-f-]{36}");
    }

    @Test
    void theSandboxIsAbsentWhenARealAccountIsConfigured() {
        web.get().uri("/sandbox/api/outbox").exchange().expectStatus().isNotFound();
        web.get().uri("/sandbox").exchange().expectStatus().isNotFound();
    }

    @Test
    void apiDescriptionIsPublished() {
        web.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.openapi").exists();
    }

    @Test
    void everyModuleMigratesIntoItsOwnSchema() {
        StepVerifier.create(database.sql("""
                        select table_schema from information_schema.tables
                        where table_name = 'flyway_schema_history'
                        order by table_schema""")
                        .map(row -> row.get("table_schema", String.class))
                        .all()
                        .collectList())
                .assertNext(schemas -> assertThat(schemas)
                        .containsExactly("content", "gateway", "livestream", "referral"))
                .verifyComplete();
        StepVerifier.create(database.sql("""
                        select to_regclass('referral.contact') is not null as own, to_regclass('public.contact') is null as not_public""")
                        .map(row -> Boolean.TRUE.equals(row.get("own", Boolean.class)) && Boolean.TRUE.equals(row.get("not_public", Boolean.class)))
                        .one())
                .as("the contacts table is in referral's schema, not in public")
                .expectNext(true)
                .verifyComplete();
    }

    @Test
    void aHeaderOverTheServersLimitIsRefusedWith431OverARealConnection() throws Exception {
        // WebTestClient calls the application in-process, past Netty's codec: this goes through a socket.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "h".repeat(70_000)
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            assertThat(statusLine).as("16 KB of headers at most (server.max-http-request-header-size)")
                    .startsWith("HTTP/1.1 431");
        }
    }
}

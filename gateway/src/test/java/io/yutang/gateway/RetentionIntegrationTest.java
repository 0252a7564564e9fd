package io.yutang.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.GatewayProperties.EncryptionMode;
import io.yutang.gateway.sandbox.WeChatEvents;
import io.yutang.gateway.sandbox.WeChatServerSide;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * Retention on every instance's polling loop (every 300 ms in the tests, the defaults' windows):
 * rows older than their window are gone after a purge round and newer ones stay, in every module's
 * tables; a handled event loses only its raw XML, so WeChat delivering it again is still a duplicate.
 */
@YutangIntegrationTest
class RetentionIntegrationTest {

    static final WeChatServerSide WECHAT = new WeChatServerSide(TestAccount.APP_ID, TestAccount.TOKEN,
            TestAccount.AES_KEY, EncryptionMode.SAFE);
    static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() { };
    static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Test
    void aHandledEventLosesItsRawXmlAfterThirtyDaysAndADeliveryAgainIsStillADuplicate() {
        String openid = "o-retention-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        var callback = WECHAT.push(WeChatEvents.subscribe(TestAccount.GH_ID, openid, Instant.now().getEpochSecond(), null));
        web.post().uri("/wechat/callback?" + callback.query()).contentType(MediaType.TEXT_XML).bodyValue(callback.body())
                .exchange().expectStatus().isOk();
        until("select count(*) as n from gateway.inbound_event where openid = :o and state = 'DONE'", openid, 1);
        String recent = "retention-recent-" + UUID.randomUUID();
        String failed = "retention-failed-" + UUID.randomUUID();
        database.sql("""
                        insert into gateway.inbound_event (app_id, dedupe_key, msg_type, event, openid, created_at, received_at, xml,
                                                           handled_at, state, due_at)
                        values (:app, :recent, 'event', 'VIEW', :o, now(), now() - interval '29 days', '<xml>recent</xml>',
                                now() - interval '29 days', 'DONE', now()),
                               (:app, :failed, 'event', 'VIEW', :o, now(), now() - interval '40 days', '<xml>failed</xml>',
                                null, 'FAILED', now())""")
                .bind("app", TestAccount.APP_ID).bind("recent", recent).bind("failed", failed).bind("o", openid)
                .then().block(WAIT);
        String dedupeKey = database.sql("""
                        update gateway.inbound_event set received_at = now() - interval '31 days'
                         where openid = :o and state = 'DONE' and dedupe_key not like 'retention-%' returning dedupe_key""")
                .bind("o", openid).map(row -> row.get("dedupe_key", String.class)).one().block(WAIT);

        until("select count(*) as n from gateway.inbound_event where openid = :o and xml is null", openid, 1);
        assertThat(database.sql("select dedupe_key from gateway.inbound_event where openid = :o and xml is not null order by dedupe_key")
                .bind("o", openid).map(row -> row.get("dedupe_key", String.class)).all().collectList().block(WAIT))
                .containsExactlyInAnyOrder(recent, failed);

        redis.delete(System.getProperty("yutang.redis.key-prefix") + "wx:dedupe:" + TestAccount.APP_ID + ":" + dedupeKey).block(WAIT);
        web.post().uri("/wechat/callback?" + callback.query()).contentType(MediaType.TEXT_XML).bodyValue(callback.body())
                .exchange().expectStatus().isOk();
        assertThat(count("select count(*) as n from gateway.inbound_event where openid = :o and dedupe_key = :k",
                Map.of("o", openid, "k", dedupeKey))).isEqualTo(1);
        assertThat(count("select count(*) as n from referral.contact where openid = :o", Map.of("o", openid))).isEqualTo(1);
    }

    @Test
    void deliveryReportsAndWebhookAttemptsGoAfterNinetyDaysAndNewerOnesStay() {
        String batch = UUID.randomUUID().toString().substring(0, 8);
        database.sql("""
                        insert into gateway.delivery_report (app_id, msg_id, openid, kind, status, delivered, reported_at)
                        values ('retention', 'old-' || :b, 'o-r', 'TEMPLATE', 'success', true, now() - interval '91 days'),
                               ('retention', 'new-' || :b, 'o-r', 'TEMPLATE', 'success', true, now() - interval '89 days')""")
                .bind("b", batch).then().block(WAIT);
        long endpoint = database.sql("""
                        insert into gateway.webhook_endpoint (url, event_types, enabled, secret, created_by, created_at, updated_at)
                        values ('https://crm.example.com/retention', '{}', false, 'whsec_dGVzdA==', 'admin', now(), now())
                        returning id""")
                .map(row -> row.get("id", Long.class)).one().block(WAIT);
        database.sql("""
                        insert into gateway.webhook_message (id, type, source_key, body, occurred_at, created_at)
                        values ('msg_retention_' || :b, 'test.retention', 'retention:' || :b, '{}', now(), now())""")
                .bind("b", batch).then().block(WAIT);
        database.sql("""
                        insert into gateway.webhook_attempt (endpoint_id, message_id, attempted_at, status, latency_ms)
                        values (:e, 'msg_retention_' || :b, now() - interval '91 days', 500, 10),
                               (:e, 'msg_retention_' || :b, now() - interval '89 days', 200, 10)""")
                .bind("e", endpoint).bind("b", batch).then().block(WAIT);

        until("select count(*) as n from gateway.delivery_report where msg_id = 'old-' || :o", batch, 0);
        until("select count(*) as n from gateway.webhook_attempt where endpoint_id = :o and status = 500", endpoint, 0);
        assertThat(count("select count(*) as n from gateway.delivery_report where msg_id = :m", Map.of("m", "new-" + batch)))
                .isEqualTo(1);
        assertThat(count("select count(*) as n from gateway.webhook_attempt where endpoint_id = :e", Map.of("e", endpoint)))
                .isEqualTo(1);
    }

    @Test
    void viewingSessionsAndReadingBeaconsGoAfterAYearAndNewerOnesStay() {
        Instant start = Instant.now().minus(Duration.ofDays(400));
        long event = ((Number) StaffClients.admin(web).post().uri("/api/events").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "去年的公开课", "startsAt", start.toString(), "endsAt", start.plus(Duration.ofHours(1)).toString(),
                        "status", "DRAFT"))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id")).longValue();
        long article = ((Number) StaffClients.admin(web).post().uri("/api/articles").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "去年的文章", "body", "## 一\n\n正文"))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id")).longValue();
        String batch = UUID.randomUUID().toString().substring(0, 8);
        database.sql("""
                        insert into livestream.viewing (event_id, contact_id, mode, source, session_key, started_at, last_seen_at, ended_at)
                        values (:e, 424242, 'REPLAY', 'PLATFORM', 'old-' || :b, now() - interval '400 days', now() - interval '400 days',
                                now() - interval '400 days'),
                               (:e, 424242, 'REPLAY', 'PLATFORM', 'new-' || :b, now() - interval '300 days', now() - interval '300 days',
                                now() - interval '300 days')""")
                .bind("e", event).bind("b", batch).then().block(WAIT);
        database.sql("""
                        insert into content.article_view (article_id, contact_id, viewed_at)
                        values (:a, 424242, now() - interval '366 days'), (:a, 424243, now() - interval '364 days')""")
                .bind("a", article).then().block(WAIT);
        database.sql("""
                        insert into content.article_read (visit_id, article_id, contact_id, dwell_seconds, scroll_percent, opened_at, updated_at)
                        values ('old-' || :b, :a, 424242, 30, 50, now() - interval '366 days', now() - interval '366 days'),
                               ('new-' || :b, :a, 424243, 30, 50, now() - interval '364 days', now() - interval '364 days')""")
                .bind("a", article).bind("b", batch).then().block(WAIT);

        until("select count(*) as n from livestream.viewing where event_id = :o", event, 1);
        until("select count(*) as n from content.article_view where article_id = :o", article, 1);
        until("select count(*) as n from content.article_read where article_id = :o", article, 1);
        assertThat(count("select count(*) as n from livestream.viewing where session_key = :k", Map.of("k", "new-" + batch)))
                .isEqualTo(1);
        assertThat(count("select count(*) as n from content.article_view where article_id = :a and contact_id = 424243",
                Map.of("a", article))).isEqualTo(1);
        assertThat(count("select count(*) as n from content.article_read where visit_id = :v", Map.of("v", "new-" + batch)))
                .isEqualTo(1);
    }

    /** Waits until the query (one parameter, {@code :o}) counts {@code expected}. */
    private void until(String sql, Object parameter, long expected) {
        Long reached = Flux.interval(Duration.ofMillis(100)).onBackpressureDrop()
                .concatMap(tick -> database.sql(sql).bind("o", parameter).map(row -> row.get("n", Long.class)).one(), 1)
                .filter(n -> n == expected)
                .blockFirst(WAIT);
        assertThat(reached).as(sql).isEqualTo(expected);
    }

    private long count(String sql, Map<String, Object> parameters) {
        DatabaseClient.GenericExecuteSpec spec = database.sql(sql);
        for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
            spec = spec.bind(parameter.getKey(), parameter.getValue());
        }
        return spec.map(row -> row.get("n", Long.class)).one().block(WAIT);
    }
}

package io.yutang.gateway.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.yutang.gateway.InboundEventsHandled;
import io.yutang.gateway.StaffClients;
import io.yutang.gateway.TestAccount;
import io.yutang.gateway.YutangIntegrationTest;
import io.yutang.gateway.GatewayProperties.EncryptionMode;
import io.yutang.gateway.sandbox.WeChatEvents;
import io.yutang.gateway.sandbox.WeChatServerSide;
import io.yutang.referral.ContactId;
import io.yutang.referral.Contacts;
import io.yutang.referral.WeChatUser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The CRM's side: the change feed by cursor, scoped per token, consistent while rows are written
 * between and during page requests; and the outcomes it reports back, idempotent, in the report.
 */
@YutangIntegrationTest
class IntegrationApiIntegrationTest {

    static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() { };
    static final WeChatServerSide WECHAT = new WeChatServerSide(TestAccount.APP_ID, TestAccount.TOKEN, TestAccount.AES_KEY,
            EncryptionMode.SAFE);
    static final AtomicLong CLOCK = new AtomicLong(Instant.now().getEpochSecond());

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    @Autowired
    ConnectionFactory connections;

    @Autowired
    Contacts contacts;

    @Test
    @SuppressWarnings("unchecked")
    void aTokenReadsOnlyWhatItsScopesAllowAndPersonalDataOnlyWithThatScope() {
        String contactsOnly = token("contacts:read");
        String withPersonalData = token("contacts:read", "leads:read", "personal-data:read");
        String cursor = end(contactsOnly);
        String mine = message("contact.followed");
        String lead = message("lead.captured");

        List<Map<String, Object>> seen = pageAll(contactsOnly, cursor);
        assertThat(seen).extracting(item -> item.get("id")).contains(mine).doesNotContain(lead);
        Map<String, Object> followed = seen.stream().filter(item -> mine.equals(item.get("id"))).findFirst().orElseThrow();
        assertThat(followed).containsEntry("type", "contact.followed");
        assertThat((Map<String, Object>) ((Map<?, ?>) followed.get("data")).get("contact")).as("no openid without personal-data:read")
                .containsKey("id").doesNotContainKey("openid");

        List<Map<String, Object>> all = pageAll(withPersonalData, cursor);
        assertThat(all).extracting(item -> item.get("id")).contains(mine, lead);
        Map<String, Object> theLead = all.stream().filter(item -> lead.equals(item.get("id"))).findFirst().orElseThrow();
        assertThat((Map<String, Object>) ((Map<?, ?>) theLead.get("data")).get("contact")).containsEntry("openid", "o-feed");
        assertThat((Map<String, Object>) ((Map<?, ?>) theLead.get("data")).get("answers")).containsEntry("phone", "13800138000");

        web.get().uri("/api/integration/changes").headers(h -> h.setBearerAuth(token())).exchange().expectStatus().isForbidden();
        web.get().uri("/api/integration/changes?after=not-a-cursor").headers(h -> h.setBearerAuth(contactsOnly)).exchange()
                .expectStatus().isBadRequest();
        StaffClients.admin(web).get().uri("/api/integration/changes").exchange().expectStatus().isForbidden();
        StaffClients.admin(web).get().uri("/api/tokens").exchange().expectStatus().isOk().expectBody(String.class)
                .value(tokens -> assertThat(tokens).contains("\"scopes\":[\"contacts:read\",\"leads:read\",\"personal-data:read\"]"));
        StaffClients.admin(web).post().uri("/api/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "CRM", "scopes", List.of("everything"))).exchange().expectStatus().isBadRequest();
    }

    @Test
    void pagesSkipAndRepeatNothingWhileRowsAreWrittenBetweenAndDuringRequests() {
        String crm = token("contacts:read");
        String cursor = end(crm);
        Set<String> written = new HashSet<>();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            written.add(message("contact.followed"));
        }
        for (int round = 0; round < 4; round++) {
            Map<String, Object> page = page(crm, cursor, 2);
            ids(page).forEach(seen::add);
            cursor = (String) page.get("next");
            written.add(message("contact.followed"));
        }

        // A transaction still in flight holds an earlier id than one committed after it.
        Connection open = Mono.from(connections.create()).block(Duration.ofSeconds(5));
        String inFlight = "msg_inflight_" + UUID.randomUUID();
        try {
            Mono.from(open.beginTransaction()).block(Duration.ofSeconds(5));
            Flux.from(open.createStatement(insert(inFlight)).execute()).flatMap(result -> result.getRowsUpdated()).blockLast(Duration.ofSeconds(5));
            String committedLater = message("contact.followed");
            written.add(committedLater);
            List<String> whileOpen = new ArrayList<>();
            String before = cursor;
            Map<String, Object> page;
            do {
                page = page(crm, cursor, 2);
                ids(page).forEach(whileOpen::add);
                cursor = (String) page.get("next");
            } while (Boolean.TRUE.equals(page.get("more")));
            assertThat(whileOpen).as("nothing written after the open transaction began is passed over it").doesNotContain(committedLater);
            seen.addAll(whileOpen);
            assertThat(before).isNotNull();
            Mono.from(open.commitTransaction()).block(Duration.ofSeconds(5));
            written.add(inFlight);
        } finally {
            Mono.from(open.close()).block(Duration.ofSeconds(5));
        }
        seen.addAll(pageAllIds(crm, cursor));

        assertThat(seen).as("every row once").doesNotHaveDuplicates().containsAll(written);
        assertThat(seen.indexOf(inFlight)).as("in commit order: the long transaction's row before the one it held back")
                .isLessThan(seen.size());
    }

    @Test
    void theCrmsOutcomesAreIdempotentAndAddUpPerRep() {
        String crm = token("leads:write", "leads:read");
        long rep = sharer("赵销售", "华南大区");
        long campaign = ((Number) StaffClients.admin(web).post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "CRM 闭环 " + UUID.randomUUID(), "targetKind", "FOLLOW",
                        "startsAt", Instant.now().minus(Duration.ofDays(1)).toString()))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id")).longValue();
        String sceneUrl = (String) StaffClients.admin(web).post().uri("/api/campaigns/{id}/share-links", campaign)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("sharerId", rep)).exchange().expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody().get("sceneUrl");
        String openid = "o-crm-" + UUID.randomUUID().toString().substring(0, 12);
        WeChatServerSide.SignedCallback callback = WECHAT.push(WeChatEvents.subscribe(TestAccount.GH_ID, openid, CLOCK.incrementAndGet(),
                sceneUrl.replaceFirst(".*/test-", "")));
        web.post().uri("/wechat/callback?" + callback.query()).contentType(MediaType.TEXT_XML).bodyValue(callback.body())
                .exchange().expectStatus().isOk();
        InboundEventsHandled.await(database, openid);
        long lead = contacts.find(new WeChatUser(TestAccount.APP_ID, openid)).block(Duration.ofSeconds(5)).id().value();

        report(crm, lead, Map.of("status", "OPPORTUNITY", "crmReference", "OPP-1", "amount", 1200)).expectStatus().isCreated();
        report(crm, lead, Map.of("status", "OPPORTUNITY", "crmReference", "OPP-1", "amount", 1200)).expectStatus().isOk();
        report(crm, lead, Map.of("status", "WON", "crmReference", "OPP-1", "amount", 800)).expectStatus().isCreated()
                .expectBody().jsonPath("$.status").isEqualTo("WON").jsonPath("$.amount").isEqualTo(800);
        report(crm, lead, Map.of("status", "CLOSED", "crmReference", "OPP-1")).expectStatus().isBadRequest();
        report(crm, Long.MAX_VALUE, Map.of("status", "ACCEPTED", "crmReference", "X")).expectStatus().isNotFound();
        report(token("leads:read"), lead, Map.of("status", "ACCEPTED", "crmReference", "X")).expectStatus().isForbidden();
        web.get().uri("/api/integration/leads/{id}/outcomes", lead).headers(h -> h.setBearerAuth(crm)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(2);

        List<Map<String, Object>> byRep = StaffClients.admin(web).get()
                .uri("/api/lead-outcomes/report?campaignId={c}&by=REP", campaign).exchange()
                .expectStatus().isOk().expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() { })
                .returnResult().getResponseBody();
        assertThat(byRep).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("key", String.valueOf(rep)).containsEntry("label", "赵销售")
                    .containsEntry("leads", 1).containsEntry("opportunities", 1).containsEntry("won", 1);
            assertThat(((Number) row.get("revenue")).doubleValue()).isEqualTo(800.0);
            assertThat(((Number) row.get("pipeline")).doubleValue()).as("the opportunity was won, so not open").isZero();
        });
        StaffClients.newMarketer(web).get().uri("/api/lead-outcomes/report?by=DEPARTMENT").exchange().expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec report(String token, long contact, Map<String, Object> outcome) {
        return web.post().uri("/api/integration/leads/{id}/outcomes", contact).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(outcome).exchange();
    }

    private String token(String... scopes) {
        return (String) StaffClients.admin(web).post().uri("/api/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "CRM " + UUID.randomUUID(), "scopes", List.of(scopes))).exchange()
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("secret");
    }

    /** A message as the webhook listener writes it, committed at once; its id. */
    private String message(String type) {
        String id = "msg_test_" + UUID.randomUUID();
        database.sql(insert(id).replace("contact.followed", type)).then().block(Duration.ofSeconds(5));
        return id;
    }

    private static String insert(String id) {
        return "insert into gateway.webhook_message (id, type, source_key, contact_id, body, occurred_at, created_at) values ('" + id
                + "', 'contact.followed', 'test:" + id + "', 1, '{\"type\":\"contact.followed\",\"timestamp\":\"2026-12-01T00:00:00Z\","
                + "\"data\":{\"contact\":{\"id\":1,\"openid\":\"o-feed\"},\"answers\":{\"phone\":\"13800138000\"}}}', now(), now())";
    }

    private Map<String, Object> page(String token, String after, int limit) {
        return web.get().uri(builder -> builder.path("/api/integration/changes").queryParam("limit", limit)
                        .queryParamIfPresent("after", java.util.Optional.ofNullable(after)).build())
                .headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
    }

    /** The cursor after everything there is now. */
    private String end(String token) {
        String cursor = null;
        Map<String, Object> page;
        do {
            page = page(token, cursor, 1000);
            cursor = (String) page.get("next");
        } while (Boolean.TRUE.equals(page.get("more")));
        return cursor;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> pageAll(String token, String from) {
        List<Map<String, Object>> items = new ArrayList<>();
        String cursor = from;
        Map<String, Object> page;
        do {
            page = page(token, cursor, 50);
            items.addAll((List<Map<String, Object>>) page.get("items"));
            cursor = (String) page.get("next");
        } while (Boolean.TRUE.equals(page.get("more")));
        return items;
    }

    private List<String> pageAllIds(String token, String from) {
        return pageAll(token, from).stream().map(item -> (String) item.get("id")).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(Map<String, Object> page) {
        return ((List<Map<String, Object>>) page.get("items")).stream().map(item -> (String) item.get("id")).toList();
    }

    private long sharer(String name, String department) {
        String external = "E-" + UUID.randomUUID().toString().substring(0, 8);
        StaffClients.admin(web).post().uri("/api/sharers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(Map.of("kind", "EMPLOYEE", "externalId", external, "name", name, "department", department)))
                .exchange().expectStatus().isOk();
        return database.sql("select id from referral.sharer where external_id = :e").bind("e", external)
                .map(row -> row.get("id", Long.class)).one().block(Duration.ofSeconds(5));
    }
}

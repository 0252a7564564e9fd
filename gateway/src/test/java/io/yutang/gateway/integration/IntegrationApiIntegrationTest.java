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
import io.yutang.referral.Attribution;
import io.yutang.referral.ConsentDecision;
import io.yutang.referral.ConsentPurpose;
import io.yutang.referral.Consents;
import io.yutang.referral.ContactId;
import io.yutang.referral.ConversionClaim;
import io.yutang.referral.ConversionKind;
import io.yutang.referral.TargetKind;
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
import reactor.core.scheduler.Schedulers;

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

    @Autowired
    Attribution attribution;

    @Autowired
    Consents consents;

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
                .expectBody().jsonPath("$.status").isEqualTo("WON").jsonPath("$.amount").isEqualTo(800.0);
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

        // The outcomes are the person's behaviours too: the campaign's funnel ends with them, and scoring sees them.
        StaffClients.admin(web).get().uri("/api/campaigns/{c}/funnel", campaign).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.groups[0].steps[?(@.step == 'FOLLOWED')].people").isEqualTo(1)
                .jsonPath("$.groups[0].steps[?(@.step == 'CRM_ACCEPTED')].people").isEqualTo(1)
                .jsonPath("$.groups[0].steps[?(@.step == 'CRM_OPPORTUNITY')].people").isEqualTo(1)
                .jsonPath("$.groups[0].steps[?(@.step == 'CRM_WON')].people").isEqualTo(1);
        StaffClients.admin(web).get().uri("/api/contacts/{id}/score", lead).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.lines[?(@.behaviour == 'CRM_OPPORTUNITY')].ref").isEqualTo("crm:OPP-1")
                .jsonPath("$.lines[?(@.behaviour == 'CRM_WON')].ref").isEqualTo("crm:OPP-1");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCrmPullsContactsLeadsRegistrationsAndAttendanceByEntityEachOnceWithItsStateNow() {
        String withPersonalData = token("contacts:read", "leads:read", "leads:write", "personal-data:read");
        String withoutPersonalData = token("contacts:read", "leads:read");
        String cursor = end(withoutPersonalData);
        String openid = "o-entity-" + UUID.randomUUID().toString().substring(0, 12);
        ContactId person = contacts.seen(new WeChatUser(TestAccount.APP_ID, openid), Instant.now()).block(Duration.ofSeconds(5));
        consents.record(person, List.of(new ConsentDecision(ConsentPurpose.CRM_SHARING, "", "同意把我的信息提供给贵司的销售", true)),
                "test", Instant.now()).block(Duration.ofSeconds(5));
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Instant at = Instant.now();
        String registration = "registration:entity-" + tag;
        attribution.converted(new ConversionClaim(person, ConversionKind.REGISTRATION, registration, at, TargetKind.LIVE_EVENT, "77",
                null, "陈女士", "远山物流", null).reachableAt("13600136000", null)).block(Duration.ofSeconds(10));
        attribution.converted(new ConversionClaim(person, ConversionKind.ATTENDANCE, "attendance:entity-" + tag, at.plusSeconds(1),
                TargetKind.LIVE_EVENT, "77", null)).block(Duration.ofSeconds(10));
        attribution.converted(new ConversionClaim(person, ConversionKind.LEAD, "lead:entity-" + tag, at.plusSeconds(2), TargetKind.CONTENT,
                "78", null, "陈女士", null, null).reachableAt("13600136000", "chen@example.com")).block(Duration.ofSeconds(10));
        report(withPersonalData, person.value(), Map.of("status", "ACCEPTED", "crmReference", "L-" + tag)).expectStatus().isCreated();

        Map<String, Object> contact = awaitEntity("/api/integration/contacts", withPersonalData, cursor, "id", person.value(),
                item -> item.get("identity") instanceof Map<?, ?> identity && "chen@example.com".equals(identity.get("email")));
        assertThat(contact).containsEntry("openid", openid).containsEntry("erased", false).containsEntry("subscribed", false);
        assertThat((Map<String, Object>) contact.get("identity")).containsEntry("phone", "13600136000").containsEntry("name", "陈女士");
        assertThat((Map<String, Object>) contact.get("change")).containsEntry("type", "contact.identified");
        assertThat(entities("/api/integration/contacts", withPersonalData, cursor))
                .as("named once, at its latest change").filteredOn(item -> person.value() == ((Number) item.get("id")).longValue()).hasSize(1);
        Map<String, Object> plain = entities("/api/integration/contacts", withoutPersonalData, cursor).stream()
                .filter(item -> person.value() == ((Number) item.get("id")).longValue()).findFirst().orElseThrow();
        assertThat(plain.get("openid")).as("no personal data without its scope").isNull();
        assertThat(plain.get("identity")).isNull();

        Map<String, Object> lead = awaitEntity("/api/integration/leads", withPersonalData, cursor, "contactId", person.value(), item -> true);
        assertThat(lead).containsEntry("qualified", false).containsEntry("openid", openid);
        assertThat((List<Map<String, Object>>) lead.get("outcomes")).extracting(outcome -> outcome.get("status")).containsExactly("ACCEPTED");
        assertThat(entities("/api/integration/leads", withoutPersonalData, cursor).stream()
                .filter(item -> person.value() == ((Number) item.get("contactId")).longValue()).findFirst().orElseThrow())
                .containsEntry("answers", null).containsEntry("openid", null);

        Map<String, Object> registered = awaitEntity("/api/integration/registrations", withoutPersonalData, cursor, "contactId",
                person.value(), item -> true);
        assertThat(registered).containsEntry("ref", "live_event:77").containsEntry("status", "REGISTERED");
        assertThat(awaitEntity("/api/integration/attendance", withoutPersonalData, cursor, "contactId", person.value(), item -> true))
                .containsEntry("ref", "live_event:77");

        attribution.withdrawn(registration, Instant.now()).block(Duration.ofSeconds(10));
        assertThat(awaitEntity("/api/integration/registrations", withoutPersonalData, cursor, "contactId", person.value(),
                item -> "CANCELLED".equals(item.get("status")))).containsEntry("ref", "live_event:77");

        web.get().uri("/api/integration/contacts").headers(h -> h.setBearerAuth(token("leads:read"))).exchange().expectStatus().isForbidden();
        web.get().uri("/api/integration/leads").headers(h -> h.setBearerAuth(token("contacts:read"))).exchange().expectStatus().isForbidden();
        web.get().uri("/api/integration/attendance?after=not-a-cursor").headers(h -> h.setBearerAuth(withoutPersonalData)).exchange()
                .expectStatus().isBadRequest();
    }

    /** Every item of an entity list from a cursor on, paging until no full page is left. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> entities(String path, String token, String from) {
        List<Map<String, Object>> items = new ArrayList<>();
        String cursor = from;
        Map<String, Object> page;
        do {
            String after = cursor;
            page = web.get().uri(builder -> builder.path(path).queryParam("limit", 50)
                            .queryParamIfPresent("after", java.util.Optional.ofNullable(after)).build())
                    .headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
            items.addAll((List<Map<String, Object>>) page.get("items"));
            cursor = (String) page.get("next");
        } while (Boolean.TRUE.equals(page.get("more")));
        return items;
    }

    /** Waits until the entity list names this contact in the state {@code wanted}; its latest item. */
    private Map<String, Object> awaitEntity(String path, String token, String from, String idField, long id,
            java.util.function.Predicate<Map<String, Object>> wanted) {
        Map<String, Object> found = Flux.interval(Duration.ofMillis(200)).onBackpressureDrop()
                .publishOn(Schedulers.boundedElastic(), 1)
                .map(i -> entities(path, token, from).stream()
                        .filter(item -> item.get(idField) instanceof Number n && n.longValue() == id).reduce((a, b) -> b))
                .filter(item -> item.isPresent() && wanted.test(item.get()))
                .map(java.util.Optional::get)
                .blockFirst(Duration.ofSeconds(20));
        assertThat(found).as(path + " names contact " + id).isNotNull();
        return found;
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

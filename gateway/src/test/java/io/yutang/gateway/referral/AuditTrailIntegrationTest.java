package io.yutang.gateway.referral;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.StaffClients;
import io.yutang.gateway.TestAccount;
import io.yutang.gateway.YutangIntegrationTest;
import io.yutang.gateway.signin.H5Visitor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The audit log: who looked at whose personal data, with how many people, listed and filtered by
 * ADMIN only, and append-only even for the application's own connection. Phones and e-mail
 * addresses in attendee lists and leads are masked for a marketer, shown to an administrator.
 */
@YutangIntegrationTest
class AuditTrailIntegrationTest {

    static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() { };
    static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() { };
    static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");
    static final String PASSWORD = "a-long-password-2";
    static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    @Test
    void attendeeListsMaskPhonesForAMarketerAndEveryListingIsAuditedWithItsPeople() {
        Instant start = Instant.now().plus(Duration.ofDays(2));
        long event = number(admin().post().uri("/api/events").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "审计公开课", "startsAt", start.toString(), "endsAt", start.plus(Duration.ofHours(1)).toString(),
                        "status", "OPEN", "consentText", "我们将按隐私政策使用你的信息发送直播提醒。",
                        "registrationFields", List.of(Map.of("key", "name", "label", "姓名", "required", true),
                                Map.of("key", "phone", "label", "手机", "required", true),
                                Map.of("key", "email", "label", "邮箱", "required", true))))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id"));
        String phone = "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        String email = "zhou" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        register(event, openid("audit"), Map.of("name", "周审计", "phone", phone, "email", email));

        String username = newMarketer();
        WebTestClient marketer = as(username);
        List<Map<String, Object>> masked = marketer.get().uri("/api/events/{e}/attendees", event).accept(MediaType.APPLICATION_JSON)
                .exchange().expectStatus().isOk().expectBody(LIST).returnResult().getResponseBody();
        assertThat(masked).singleElement().satisfies(attendee -> assertThat(attendee)
                .containsEntry("name", "周审计")
                .containsEntry("phone", phone.substring(0, 3) + "****" + phone.substring(7))
                .containsEntry("email", "z***@example.com"));
        String csv = marketer.get().uri("/api/events/{e}/attendees", event).accept(MediaType.parseMediaType("text/csv"))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(csv).contains(phone.substring(0, 3) + "****" + phone.substring(7)).doesNotContain(phone).doesNotContain(email);
        assertThat(admin().get().uri("/api/events/{e}/attendees", event).accept(MediaType.parseMediaType("text/csv"))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                .contains(phone).contains(email);

        List<Map<String, Object>> entries = items(admin().get()
                .uri("/api/audit?subject={s}&action=ATTENDEE_EXPORT", "event:" + event + "/attendees"));
        assertThat(entries).extracting(e -> e.get("actor"), e -> e.get("detail"), e -> number(e.get("people")))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("admin", "csv", 1L),
                        org.assertj.core.groups.Tuple.tuple(username, "csv", 1L),
                        org.assertj.core.groups.Tuple.tuple(username, "json", 1L));

        long contact = number(masked.get(0).get("contactId"));
        marketer.get().uri("/api/contacts/{id}", contact).exchange().expectStatus().isOk();
        marketer.get().uri("/api/contacts/{id}/decisions", contact).exchange().expectStatus().isOk();
        marketer.get().uri("/api/contacts/{id}/score", contact).exchange().expectStatus().isOk();
        List<Map<String, Object>> searched = marketer.get().uri("/api/contacts?phone={p}", phone).exchange()
                .expectStatus().isOk().expectBody(LIST).returnResult().getResponseBody();
        assertThat(searched).singleElement().satisfies(card -> assertThat(card).containsEntry("phone",
                phone.substring(0, 3) + "****" + phone.substring(7)));

        assertThat(items(admin().get().uri("/api/audit?actor={a}&subject={s}", username, "contact:" + contact)))
                .extracting(e -> e.get("action"), e -> e.get("detail"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("CONTACT_READ", "score"),
                        org.assertj.core.groups.Tuple.tuple("CONTACT_READ", "decisions"),
                        org.assertj.core.groups.Tuple.tuple("CONTACT_READ", "card"));
        assertThat(items(admin().get().uri("/api/audit?actor={a}&action=CONTACT_SEARCH", username)))
                .singleElement().satisfies(e -> assertThat(e).containsEntry("subject", "contacts").containsEntry("detail", "by phone")
                        .doesNotContainValue(phone));
    }

    @Test
    void leadsShowPhoneAndEmailMaskedToAMarketerAndInFullToAnAdminAndEachListingIsAudited() {
        long asset = number(admin().post().uri("/api/assets").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "审计白皮书", "deliveryConsent", "同意就本资料与我联系"))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id"));
        database.sql("""
                        insert into content.lead (asset_id, contact_id, answers, created_at, updated_at)
                        values (:asset, 424242, '{"name":"吴线索","phone":"13812345678","email":"wu@example.com"}'::jsonb, now(), now())""")
                .bind("asset", asset).then().block(WAIT);
        String username = newMarketer();

        assertThat(as(username).get().uri("/api/assets/{a}/leads", asset).exchange().expectStatus().isOk()
                .expectBody(LIST).returnResult().getResponseBody())
                .singleElement().satisfies(lead -> assertThat(answers(lead))
                        .containsEntry("name", "吴线索").containsEntry("phone", "138****5678").containsEntry("email", "w***@example.com"));
        assertThat(admin().get().uri("/api/assets/{a}/leads", asset).exchange().expectStatus().isOk()
                .expectBody(LIST).returnResult().getResponseBody())
                .singleElement().satisfies(lead -> assertThat(answers(lead))
                        .containsEntry("phone", "13812345678").containsEntry("email", "wu@example.com"));

        assertThat(items(admin().get().uri("/api/audit?subject={s}", "asset:" + asset + "/leads")))
                .extracting(e -> e.get("actor"), e -> e.get("action"), e -> number(e.get("people")))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("admin", "LEAD_EXPORT", 1L),
                        org.assertj.core.groups.Tuple.tuple(username, "LEAD_EXPORT", 1L));
    }

    @Test
    void aTreeExportIsRecordedWithItsRowsWhenItEndsAndWithWhatWasSentWhenTheCallerHangsUp() {
        long whole = campaignWithTree(3);
        String username = newMarketer();
        String csv = as(username).get().uri("/api/campaigns/{c}/tree/export", whole).accept(MediaType.parseMediaType("text/csv"))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(csv.lines().count()).isEqualTo(4);
        as(username).get().uri("/api/campaigns/{c}/tree/export", whole).accept(MediaType.APPLICATION_JSON)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult();
        as(username).get().uri("/api/campaigns/{c}/tree", whole).exchange().expectStatus().isOk();
        assertThat(items(admin().get().uri("/api/audit?subject={s}", "campaign:" + whole + "/tree")))
                .extracting(e -> e.get("actor"), e -> e.get("action"), e -> number(e.get("people")), e -> e.get("detail"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(username, "TREE_READ", 3L, "graph"),
                        org.assertj.core.groups.Tuple.tuple(username, "TREE_EXPORT", 3L, "json"),
                        org.assertj.core.groups.Tuple.tuple(username, "TREE_EXPORT", 3L, "csv"));

        int size = 60_000;
        long large = campaignWithTree(size);
        String first = as(username).get().uri("/api/campaigns/{c}/tree/export", large).accept(MediaType.parseMediaType("text/csv"))
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseBody().blockFirst(WAIT);
        assertThat(first).startsWith("contact_id,");
        Flux.interval(Duration.ofMillis(100)).onBackpressureDrop()
                .concatMap(tick -> database.sql("select count(*) as n from referral.audit_log where subject = :s")
                        .bind("s", "campaign:" + large + "/tree").map(row -> row.get("n", Long.class)).one())
                .filter(n -> n > 0)
                .blockFirst(WAIT);
        Map<String, Object> cancelled = items(admin().get().uri("/api/audit?subject={s}", "campaign:" + large + "/tree")).get(0);
        assertThat(cancelled).containsEntry("actor", username).containsEntry("action", "TREE_EXPORT")
                .containsEntry("detail", "csv, cancelled");
        assertThat(number(cancelled.get("people"))).isLessThan(size);
    }

    @Test
    void theLogIsAppendOnlyEvenForTheApplicationsOwnConnection() {
        newMarketer();
        long id = number(database.sql("select max(id) as id from referral.audit_log").map(row -> row.get("id", Long.class)).one()
                .block(WAIT));
        StepVerifier.create(database.sql("update referral.audit_log set actor = 'someone-else' where id = :id").bind("id", id).then())
                .expectErrorSatisfies(refused -> assertThat(refused).hasMessageContaining("append-only"))
                .verify(WAIT);
        StepVerifier.create(database.sql("delete from referral.audit_log where id = :id").bind("id", id).then())
                .expectErrorSatisfies(refused -> assertThat(refused).hasMessageContaining("append-only"))
                .verify(WAIT);
        StepVerifier.create(database.sql("truncate referral.audit_log").then())
                .expectErrorSatisfies(refused -> assertThat(refused).hasMessageContaining("append-only"))
                .verify(WAIT);
        assertThat(database.sql("select count(*) as n from referral.audit_log where id = :id").bind("id", id)
                .map(row -> row.get("n", Long.class)).one().block(WAIT)).isEqualTo(1);
    }

    @Test
    void onlyAnAdminListsTheLogPageByPageNewestFirstAndABadFilterIsAProblem() {
        String username = newMarketer();
        WebTestClient marketer = as(username);
        for (int i = 0; i < 3; i++) {
            marketer.get().uri("/api/contacts?openid={o}", openid("nobody")).exchange().expectStatus().isOk();
        }
        Map<String, Object> first = admin().get().uri("/api/audit?actor={a}&limit=2", username).exchange().expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody();
        List<?> firstItems = (List<?>) first.get("items");
        assertThat(firstItems).hasSize(2);
        assertThat(first.get("next")).isNotNull();
        Map<String, Object> second = admin().get().uri("/api/audit?actor={a}&limit=2&cursor={c}", username, first.get("next"))
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat((List<?>) second.get("items")).hasSize(1);
        assertThat(second.get("next")).isNull();
        long newest = number(((Map<?, ?>) firstItems.get(0)).get("id"));
        long older = number(((Map<?, ?>) firstItems.get(1)).get("id"));
        long oldest = number(((Map<?, ?>) ((List<?>) second.get("items")).get(0)).get("id"));
        assertThat(newest).isGreaterThan(older);
        assertThat(older).isGreaterThan(oldest);
        assertThat(items(admin().get().uri("/api/audit?actor={a}&from={f}", username, Instant.now().plus(Duration.ofHours(1)))))
                .isEmpty();
        assertThat(items(admin().get().uri("/api/audit?actor={a}&to={t}", username, Instant.now().plus(Duration.ofHours(1)))))
                .hasSize(3);

        for (String bad : List.of("action=PEEKED", "from=yesterday", "cursor=abc", "limit=0", "limit=501",
                "from=2026-12-02T10:00:00Z&to=2026-12-01T10:00:00Z")) {
            admin().get().uri("/api/audit?" + bad).exchange().expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("审计日志"));
        }
        marketer.get().uri("/api/audit").exchange().expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/api/audit").exchange().expectStatus().isUnauthorized();
    }

    private long campaignWithTree(int people) {
        String batch = UUID.randomUUID().toString().substring(0, 8);
        long campaign = number(admin().post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "审计 " + batch, "targetKind", "FOLLOW", "startsAt", Instant.now().minus(Duration.ofDays(1)).toString()))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id"));
        admin().post().uri("/api/sharers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(Map.of("kind", "EMPLOYEE", "externalId", "A-" + batch, "name", "审计销售")))
                .exchange().expectStatus().isOk();
        long sharer = number(((Map<?, ?>) ((List<?>) admin().get().uri("/api/sharers?externalId={e}", "A-" + batch).exchange()
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody().get("items")).get(0)).get("id"));
        database.sql("""
                        with c as (insert into referral.contact (app_id, openid, nickname, first_seen_at, last_seen_at)
                                   select :app, 'o-audit-' || :batch || '-' || g, '审' || g, now(), now()
                                     from generate_series(1, :people) g returning id),
                             t as (insert into referral.touch (campaign_id, contact_id, channel, self_referral, source_key, occurred_at)
                                   select :campaign, id, 'QR_FOLLOW', false, 'audit-' || :batch || '-' || id, now() from c
                                   returning id, contact_id)
                        insert into referral.tree_edge (campaign_id, contact_id, parent_contact_id, referrer_sharer_id,
                                                        advocate_sharer_id, depth, path, channel, touch_id, created_at)
                        select :campaign, contact_id, null, :sharer, :sharer, 1, '{}', 'QR_FOLLOW', id, now() from t""")
                .bind("app", TestAccount.APP_ID).bind("batch", batch).bind("people", people).bind("campaign", campaign)
                .bind("sharer", sharer).then().block(Duration.ofSeconds(60));
        return campaign;
    }

    private void register(long event, String openid, Map<String, String> answers) {
        String session = H5Visitor.signIn(web, openid);
        var page = web.get().uri("/live/" + event).cookie("YUTANG_SESSION", session).accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult();
        var renewed = page.getResponseCookies().getFirst("YUTANG_SESSION");
        Matcher csrf = CSRF.matcher(page.getResponseBody());
        assertThat(csrf.find()).isTrue();
        web.put().uri("/my/events/{e}/registration", event).cookie("YUTANG_SESSION", renewed == null ? session : renewed.getValue())
                .header("X-CSRF-TOKEN", csrf.group(1)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("answers", answers, "consent", true))
                .exchange().expectStatus().isOk();
    }

    private List<Map<String, Object>> items(WebTestClient.RequestHeadersSpec<?> request) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) request.exchange().expectStatus().isOk().expectBody(MAP)
                .returnResult().getResponseBody().get("items");
        return items;
    }

    private String newMarketer() {
        String username = "auditor-" + UUID.randomUUID().toString().substring(0, 8);
        admin().post().uri("/api/staff-users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "displayName", "市场部 审计", "password", PASSWORD, "roles", List.of("MARKETER")))
                .exchange().expectStatus().isCreated();
        return username;
    }

    private WebTestClient as(String username) {
        return web.mutate().defaultHeaders(h -> h.setBasicAuth(username, PASSWORD)).build();
    }

    private WebTestClient admin() {
        return StaffClients.admin(web);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> answers(Map<String, Object> lead) {
        return (Map<String, String>) lead.get("answers");
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    private static String openid(String who) {
        return "o-" + who + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }
}

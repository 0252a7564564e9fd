package io.yutang.gateway.privacy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.yutang.gateway.GatewayProperties.EncryptionMode;
import io.yutang.gateway.InboundEventsHandled;
import io.yutang.gateway.StaffClients;
import io.yutang.gateway.TestAccount;
import io.yutang.gateway.YutangIntegrationTest;
import io.yutang.gateway.sandbox.WeChatEvents;
import io.yutang.gateway.sandbox.WeChatServerSide;
import io.yutang.gateway.signin.H5Visitor;
import io.yutang.referral.testing.TestStores;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * One person's whole journey — followed through a rep's code, signed in, shared onwards and brought
 * someone in, registered for an event with name, phone and email, left a lead shared with the CRM
 * (a webhook endpoint got it) — then the export and the erasure an admin asks for. Afterwards every
 * text column of every yutang schema and every Redis key and value is searched for the person's
 * openid, unionid, name, phone and email: nothing; the leaderboards and the path of the person
 * they brought are as before; the CRM is told {@code contact.erased}; scanning again makes a new contact.
 */
@YutangIntegrationTest
@TestPropertySource(properties = {
        "yutang.webhooks.allowed-hosts=127.0.0.1,localhost",
        "yutang.webhooks.poll-interval=100ms",
        "yutang.webhooks.retry-waits=300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms",
        "yutang.webhooks.disable-after=2s",
        "yutang.webhooks.attribution-settle=10s"})
class ErasureIntegrationTest {

    static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() { };
    static final WeChatServerSide WECHAT = new WeChatServerSide(TestAccount.APP_ID, TestAccount.TOKEN, TestAccount.AES_KEY,
            EncryptionMode.SAFE);
    static final AtomicLong CLOCK = new AtomicLong(Instant.now().getEpochSecond());
    static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");
    static WireMockServer crm;

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    @Autowired
    ReactiveRedisConnectionFactory redisConnections;

    @BeforeAll
    static void startTheCrm() {
        crm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        crm.start();
    }

    @AfterAll
    static void stopTheCrm() {
        crm.stop();
    }

    @Test
    void anErasedPersonIsNowhereWhileBoardsAndOthersPathsStay() throws IOException {
        String batch = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String openid = "o-erase-" + batch;
        String unionid = "union-" + openid;
        String name = "删除测试" + batch.substring(0, 4);
        String phone = "137" + String.valueOf(System.nanoTime()).substring(1, 9);
        String email = "erase-" + batch + "@example.cn";
        WebTestClient admin = StaffClients.admin(web);
        String crmPath = "/crm/" + batch;
        crm.stubFor(post(urlPathEqualTo(crmPath)).willReturn(aResponse().withStatus(200).withBody("ok")));
        admin.post().uri("/api/webhooks").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", crm.baseUrl() + crmPath, "description", "CRM " + batch, "eventTypes",
                        List.of("contact.followed", "registration.created", "lead.captured", "contact.erased")))
                .exchange().expectStatus().isCreated();

        // A rep's campaign; the person follows through the rep's code, signs in and brings someone in.
        long campaign = createdId(admin.post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "删除测试活动 " + batch, "targetKind", "FOLLOW",
                        "startsAt", Instant.now().minus(Duration.ofDays(1)).toString())));
        long rep = employee(admin, "删除测试代表" + batch.substring(0, 3));
        String repScene = sceneOf(admin.post().uri("/api/campaigns/{c}/share-links", campaign).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("sharerId", rep)).exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody());
        follow(openid, repScene);
        InboundEventsHandled.await(database, openid);
        long contact = contactOf(openid);
        String session = H5Visitor.signIn(web, openid);
        String onwardScene = sceneOf(web.get().uri("/my/campaigns/{c}/share-link", campaign).cookie("YUTANG_SESSION", session)
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody());
        String friend = "o-friend-" + batch;
        follow(friend, onwardScene);
        InboundEventsHandled.await(database, friend);
        long friendContact = contactOf(friend);

        // An event registration and a lead, both with name, phone and email.
        Instant start = Instant.now().plus(Duration.ofDays(3));
        long event = createdId(admin.post().uri("/api/events").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of(
                "title", "删除测试直播 " + batch, "startsAt", start.toString(), "endsAt", start.plus(Duration.ofHours(1)).toString(),
                "status", "OPEN", "consentText", "我们将按隐私政策使用你的信息。",
                "registrationFields", List.of(Map.of("key", "name", "required", true), Map.of("key", "phone", "required", true),
                        Map.of("key", "email", "required", false)))));
        String[] page = page("/live/" + event, session);
        web.put().uri("/my/events/{e}/registration", event).cookie("YUTANG_SESSION", page[1]).header("X-CSRF-TOKEN", csrf(page[0]))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("answers", Map.of("name", name, "phone", phone, "email", email), "consent", true))
                .exchange().expectStatus().isOk();
        Map<String, Object> asset = Map.of("title", "删除测试白皮书 " + batch, "deliveryConsent", "同意就本资料与我联系",
                "sharingConsent", "同意提供给 CRM", "externalUrl", "https://example.com/whitepaper.pdf");
        long assetId = createdId(admin.post().uri("/api/assets").contentType(MediaType.APPLICATION_JSON).bodyValue(asset));
        Map<String, Object> published = new HashMap<>(asset);
        published.put("status", "PUBLISHED");
        admin.put().uri("/api/assets/{a}", assetId).contentType(MediaType.APPLICATION_JSON).bodyValue(published)
                .exchange().expectStatus().isOk();
        String[] assetPage = page("/c/assets/" + assetId, page[1]);
        web.put().uri("/my/assets/{a}/lead", assetId).cookie("YUTANG_SESSION", assetPage[1]).header("X-CSRF-TOKEN", csrf(assetPage[0]))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("answers", Map.of("name", name, "company", "删除科技", "phone", phone, "email", email),
                        "delivery", true, "sharing", true))
                .exchange().expectStatus().isOk();
        awaitRows("the lead's webhook, with the person's answers", """
                select count(*) as n from gateway.webhook_message where contact_id = :c and type = 'lead.captured'""", contact);

        List<String> needles = List.of(openid, unionid, name, phone, email);
        Map<String, List<String>> before = findInDatabase(needles);
        assertThat(before).as("the search finds what is there").containsKeys(openid, unionid, name, phone, email);
        assertThat(findInRedis(List.of(openid))).as("the search looks into Redis too (the session)").containsKey(openid);

        // The admin finds them by phone and exports everything: every module's part is there.
        admin.get().uri("/api/privacy/contacts?phone={p}", phone).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].contactId").isEqualTo(contact);
        byte[] zip = admin.get().uri("/api/privacy/contacts/{c}/export", contact).exchange().expectStatus().isOk()
                .expectHeader().contentType("application/zip").expectBody(byte[].class).returnResult().getResponseBody();
        Map<String, String> files = unzip(zip);
        assertThat(files).containsKeys("personal-data.json", "referral/contact.csv", "referral/tree_positions.csv",
                "referral/consents.csv", "livestream/registrations.csv", "content/leads.csv", "gateway/wechat_events.csv",
                "webhooks/messages.csv");
        assertThat(files.get("livestream/registrations.csv")).contains(phone).contains(email);
        assertThat(files.get("content/leads.csv")).contains(name);
        assertThat(files.get("referral/contact.csv")).contains(openid).contains(unionid);
        assertThat(files.get("referral/brought_in.csv")).as("they brought one person in").contains(String.valueOf(campaign));
        assertThat(files.get("personal-data.json")).contains("\"livestream\"").contains("\"content\"").contains(name);

        web.get().uri("/my/privacy").cookie("YUTANG_SESSION", assetPage[1]).exchange().expectStatus().isOk();
        List<String> boards = boards(admin, campaign);
        String friendPath = admin.get().uri("/api/campaigns/{c}/contacts/{f}/path", campaign, friendContact).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

        // Erasure: accepted, asked twice is one request, done within seconds with a receipt.
        Map<String, Object> requested = admin.post().uri("/api/privacy/contacts/{c}/erasure", contact).exchange()
                .expectStatus().isAccepted().expectBody(MAP).returnResult().getResponseBody();
        long erasure = ((Number) requested.get("id")).longValue();
        Map<String, Object> done = Flux.interval(Duration.ofMillis(200)).onBackpressureDrop()
                .publishOn(Schedulers.boundedElastic(), 1)
                .map(tick -> admin.get().uri("/api/privacy/erasures/{e}", erasure).exchange().expectStatus().isOk()
                        .expectBody(MAP).returnResult().getResponseBody())
                .filter(found -> "DONE".equals(found.get("state")))
                .blockFirst(Duration.ofSeconds(30));
        assertThat(done).as("the erasure finished").isNotNull();
        assertThat(((List<Map<String, Object>>) done.get("receipt")).stream().map(part -> part.get("part")))
                .containsExactlyInAnyOrder("content", "gateway", "livestream", "webhooks", "referral");
        assertThat(done.toString()).doesNotContain(openid).doesNotContain(phone).doesNotContain(name);
        admin.post().uri("/api/privacy/contacts/{c}/erasure", contact).exchange().expectStatus().isAccepted()
                .expectBody().jsonPath("$.id").isEqualTo(erasure);

        assertThat(findInDatabase(needles)).as("every text column of every schema, after the erasure").isEmpty();
        assertThat(findInRedis(needles)).as("every Redis key and value, after the erasure").isEmpty();
        assertThat(boards(admin, campaign)).as("the leaderboards' totals").isEqualTo(boards);
        assertThat(admin.get().uri("/api/campaigns/{c}/contacts/{f}/path", campaign, friendContact).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                .as("the path of the person they brought").isEqualTo(friendPath);
        web.get().uri("/my/privacy").cookie("YUTANG_SESSION", assetPage[1]).exchange()
                .expectStatus().isFound().expectHeader().valueMatches("Location", "/wechat/oauth/start.*");
        admin.get().uri("/api/privacy/contacts/{c}/export", contact).exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        awaitRows("contact.erased delivered to the CRM", """
                select count(*) as n from gateway.webhook_attempt a join gateway.webhook_message m on m.id = a.message_id
                 where m.contact_id = :c and m.type = 'contact.erased' and a.status = 200""", contact);

        // Who looked, exported and erased: in the audit log.
        admin.get().uri("/api/audit?subject=contact:{c}", contact).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.items[?(@.action == 'CONTACT_EXPORT')].actor").isEqualTo("admin")
                .jsonPath("$.items[?(@.action == 'ERASURE_REQUESTED')].actor").isEqualTo("admin")
                .jsonPath("$.items[?(@.action == 'ERASURE_DONE')].detail").isEqualTo("erasure:" + erasure + ", requested by admin");

        // Scanning again: a new contact.
        follow(openid, repScene);
        InboundEventsHandled.await(database, openid);
        assertThat(contactOf(openid)).as("a new contact").isNotEqualTo(contact);
    }

    @Test
    void thePrivacyPageAndTheKeywordsRecordEachDecisionAndRefuseWhatTheyCannotDo() throws IOException {
        String openid = "o-privacy-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        WebTestClient admin = StaffClients.admin(web);
        web.get().uri("/my/privacy").exchange().expectStatus().isFound()
                .expectHeader().valueMatches("Location", "/wechat/oauth/start\\?scope=base&return=/my/privacy");
        String session = H5Visitor.signIn(web, openid);
        String[] page = page("/my/privacy", session);
        assertThat(page[0]).contains("<title>我的隐私</title>").contains("data-purpose=\"REMINDERS\"").contains("data-purpose=\"SMS\"");

        web.post().uri("/my/privacy/consents/SMS").cookie("YUTANG_SESSION", page[1]).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("given", false)).exchange().expectStatus().isForbidden();
        web.post().uri("/my/privacy/consents/CONTENT_DELIVERY").cookie("YUTANG_SESSION", page[1]).header("X-CSRF-TOKEN", csrf(page[0]))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("given", false)).exchange()
                .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.post().uri("/my/privacy/consents/NOT_A_PURPOSE").cookie("YUTANG_SESSION", page[1]).header("X-CSRF-TOKEN", csrf(page[0]))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("given", false)).exchange()
                .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.post().uri("/my/privacy/consents/SMS").cookie("YUTANG_SESSION", page[1]).header("X-CSRF-TOKEN", csrf(page[0]))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("given", false)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("WITHDRAWN");

        web.post().uri("/my/privacy/erasure").cookie("YUTANG_SESSION", page[1]).header("X-CSRF-TOKEN", csrf(page[0]))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange()
                .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(database.sql("select count(*) as n from referral.erasure e join referral.contact c on c.id = e.contact_id"
                        + " where c.openid = :o").bind("o", openid).map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(5)))
                .as("an unconfirmed erasure erases nothing").isZero();
        byte[] zip = web.get().uri("/my/privacy/export").cookie("YUTANG_SESSION", page[1]).exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(unzip(zip).get("personal-data.json")).as("their own data").contains(openid).contains("\"SMS\"");

        // 退订 and 订阅 in the chat: each recorded with the reply as the text shown.
        for (String keyword : List.of("退订", "订阅")) {
            WeChatServerSide.SignedCallback callback = WECHAT.push(WeChatEvents.text(TestAccount.GH_ID, openid, CLOCK.incrementAndGet(),
                    keyword, CLOCK.get() * 1000 + 7));
            String reply = WECHAT.open(web.post().uri("/wechat/callback?" + callback.query()).contentType(MediaType.TEXT_XML)
                    .bodyValue(callback.body()).exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
            assertThat(reply).contains(keyword.equals("退订") ? "已为你退订营销消息" : "已为你恢复营销消息");
            InboundEventsHandled.await(database, openid);
        }
        long contact = contactOf(openid);
        admin.get().uri("/api/privacy/contacts/{c}/consents", contact).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.purpose == 'MARKETING')].given").isEqualTo(List.of(false, true))
                .jsonPath("$[?(@.purpose == 'MARKETING')].source").isEqualTo(List.of("keyword:退订", "keyword:订阅"));

        admin.get().uri("/api/privacy/contacts?openid={o}&phone=13800000000", openid).exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        admin.get().uri("/api/privacy/contacts").exchange().expectStatus().isBadRequest();
        admin.get().uri("/api/privacy/contacts?openid={o}", openid).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].contactId").isEqualTo(contact);
        admin.get().uri("/api/privacy/erasures/987654321").exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        StaffClients.newMarketer(web).get().uri("/api/privacy/contacts/{c}/export", contact).exchange().expectStatus().isForbidden();
    }

    private List<String> boards(WebTestClient admin, long campaign) {
        List<String> boards = new ArrayList<>();
        for (String metric : List.of("SCANS", "FOLLOWS", "REGISTRATIONS", "LEADS")) {
            boards.add(admin.get().uri("/api/campaigns/{c}/leaderboards/EMPLOYEE/{m}", campaign, metric).exchange()
                    .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        }
        return boards;
    }

    /** Each needle found, to where: {@code schema.table.column}, over every text-like column of every yutang schema. */
    private Map<String, List<String>> findInDatabase(List<String> needles) {
        List<String[]> columns = database.sql("""
                        select table_schema, table_name, column_name from information_schema.columns
                         where table_schema in ('referral', 'livestream', 'content', 'gateway')
                           and data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY', 'bytea')
                           and table_name not like 'flyway%'""")
                .map(row -> new String[] {row.get("table_schema", String.class), row.get("table_name", String.class),
                        row.get("column_name", String.class)})
                .all().collectList().block(Duration.ofSeconds(10));
        Map<String, List<String>> found = new LinkedHashMap<>();
        for (String[] column : columns) {
            String where = column[0] + "." + column[1] + "." + column[2];
            for (String needle : needles) {
                Long hits = database.sql("select count(*) as n from " + column[0] + "." + column[1]
                                + " where strpos(convert_from(convert_to(" + column[2] + "::text, 'UTF8'), 'UTF8'), :needle) > 0")
                        .bind("needle", needle).map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(10));
                if (hits > 0) {
                    found.computeIfAbsent(needle, key -> new ArrayList<>()).add(where);
                }
            }
        }
        return found;
    }

    /** Each needle found, to the Redis keys holding it in their name or value, under this JVM's prefix. */
    private Map<String, List<String>> findInRedis(List<String> needles) {
        ReactiveRedisTemplate<String, byte[]> redis = new ReactiveRedisTemplate<>(redisConnections, RedisSerializationContext
                .<String, byte[]>newSerializationContext(RedisSerializer.string()).value(RedisSerializer.byteArray())
                .hashKey(RedisSerializer.byteArray()).hashValue(RedisSerializer.byteArray()).build());
        Map<String, List<String>> found = new LinkedHashMap<>();
        List<String> keys = redis.scan(ScanOptions.scanOptions().match(TestStores.redisKeyPrefix() + "*").count(1000).build())
                .collectList().block(Duration.ofSeconds(30));
        for (String key : keys) {
            DataType type = redis.type(key).block(Duration.ofSeconds(5));
            List<byte[]> values = switch (type) {
                case STRING -> redis.opsForValue().get(key).flux().collectList().block(Duration.ofSeconds(5));
                case HASH -> redis.<byte[], byte[]>opsForHash().entries(key)
                        .flatMapIterable(entry -> List.of(entry.getKey(), entry.getValue())).collectList().block(Duration.ofSeconds(5));
                case ZSET -> redis.opsForZSet().range(key, org.springframework.data.domain.Range.unbounded())
                        .collectList().block(Duration.ofSeconds(5));
                case SET -> redis.opsForSet().members(key).collectList().block(Duration.ofSeconds(5));
                case LIST -> redis.opsForList().range(key, 0, -1).collectList().block(Duration.ofSeconds(5));
                default -> List.of();
            };
            for (String needle : needles) {
                byte[] bytes = needle.getBytes(StandardCharsets.UTF_8);
                if (key.contains(needle) || values.stream().anyMatch(value -> indexOf(value, bytes) >= 0)) {
                    found.computeIfAbsent(needle, k -> new ArrayList<>()).add(key);
                }
            }
        }
        return found;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void awaitRows(String what, String sql, long contact) {
        Long rows = Flux.interval(Duration.ofMillis(200)).onBackpressureDrop().publishOn(Schedulers.boundedElastic(), 1)
                .map(tick -> database.sql(sql).bind("c", contact).map(row -> row.get("n", Long.class)).one()
                        .block(Duration.ofSeconds(5)))
                .filter(n -> n > 0)
                .blockFirst(Duration.ofSeconds(40));
        assertThat(rows).as(what).isNotNull();
    }

    private static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private long employee(WebTestClient admin, String name) {
        String external = "E-" + UUID.randomUUID().toString().substring(0, 8);
        admin.post().uri("/api/sharers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(Map.of("kind", "EMPLOYEE", "externalId", external, "name", name, "department", "华东大区")))
                .exchange().expectStatus().isOk();
        return database.sql("select id from referral.sharer where external_id = :e").bind("e", external)
                .map(row -> row.get("id", Long.class)).one().block(Duration.ofSeconds(5));
    }

    private String[] page(String path, String session) {
        var result = web.get().uri(path).cookie("YUTANG_SESSION", session).accept(MediaType.TEXT_HTML)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult();
        var renewed = result.getResponseCookies().getFirst("YUTANG_SESSION");
        return new String[] {result.getResponseBody(), renewed == null ? session : renewed.getValue()};
    }

    private static String csrf(String html) {
        Matcher matcher = CSRF.matcher(html);
        assertThat(matcher.find()).as("the page carries a CSRF token").isTrue();
        return matcher.group(1);
    }

    private static long createdId(WebTestClient.RequestHeadersSpec<?> request) {
        return ((Number) request.exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody()
                .get("id")).longValue();
    }

    private static String sceneOf(Map<String, Object> link) {
        return ((String) link.get("sceneUrl")).replaceFirst(".*/test-", "");
    }

    private void follow(String openid, String scene) {
        WeChatServerSide.SignedCallback callback = WECHAT.push(
                WeChatEvents.subscribe(TestAccount.GH_ID, openid, CLOCK.incrementAndGet(), scene));
        web.post().uri("/wechat/callback?" + callback.query()).contentType(MediaType.TEXT_XML).bodyValue(callback.body())
                .exchange().expectStatus().isOk();
    }

    private long contactOf(String openid) {
        return database.sql("select id from referral.contact where openid = :o").bind("o", openid)
                .map(row -> row.get("id", Long.class)).one().block(Duration.ofSeconds(5));
    }
}

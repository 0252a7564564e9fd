package io.yutang.gateway.referral;

import io.yutang.gateway.StaffClients;
import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.GatewayProperties.EncryptionMode;
import io.yutang.gateway.TestAccount;
import io.yutang.gateway.YutangIntegrationTest;
import io.yutang.gateway.sandbox.WeChatEvents;
import io.yutang.gateway.sandbox.WeChatServerSide;
import io.yutang.gateway.signin.H5Visitor;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/** Staff find a contact by openid, phone or name, and see prospects' names in the tree, masked for marketers. */
@YutangIntegrationTest
class ContactLookupIntegrationTest {

    static final WeChatServerSide WECHAT = new WeChatServerSide(TestAccount.APP_ID, TestAccount.TOKEN,
            TestAccount.AES_KEY, EncryptionMode.SAFE);
    static final AtomicLong CLOCK = new AtomicLong(Instant.now().getEpochSecond());
    static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() { };
    static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() { };
    static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    @Test
    void aContactIsFoundByTheFormsPhoneOrNameAndByOpenidAndMarketersSeeItMasked() {
        Instant start = Instant.now().plus(Duration.ofDays(2));
        long event = ((Number) asAdmin().post().uri("/api/events").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "数字化营销公开课", "startsAt", start.toString(),
                        "endsAt", start.plus(Duration.ofHours(1)).toString(), "status", "OPEN",
                        "consentText", "我们将按隐私政策使用你的信息发送直播提醒。"))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id")).longValue();
        String openid = openid("lookup");
        String phone = "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        String name = "欧阳" + UUID.randomUUID().toString().substring(0, 6);
        String session = H5Visitor.signIn(web, openid);
        var page = web.get().uri("/live/" + event).cookie("YUTANG_SESSION", session).accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult();
        var renewed = page.getResponseCookies().getFirst("YUTANG_SESSION");
        Matcher csrf = CSRF.matcher(page.getResponseBody());
        assertThat(csrf.find()).isTrue();
        web.put().uri("/my/events/{e}/registration", event).cookie("YUTANG_SESSION", renewed == null ? session : renewed.getValue())
                .header("X-CSRF-TOKEN", csrf.group(1)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("answers", Map.of("name", name, "company", "鱼塘科技", "phone", phone), "consent", true))
                .exchange().expectStatus().isOk();

        List<Map<String, Object>> byPhone = asAdmin().get().uri("/api/contacts?phone={p}", phone).exchange()
                .expectStatus().isOk().expectBody(LIST).returnResult().getResponseBody();
        assertThat(byPhone).hasSize(1);
        assertThat(byPhone.get(0)).containsEntry("openid", openid).containsEntry("formName", name).containsEntry("phone", phone);
        Object id = byPhone.get(0).get("id");

        WebTestClient marketer = marketer();
        List<Map<String, Object>> masked = marketer.get().uri("/api/contacts?phone={p}", phone).exchange()
                .expectStatus().isOk().expectBody(LIST).returnResult().getResponseBody();
        assertThat(masked.get(0)).containsEntry("formName", "欧**")
                .containsEntry("phone", phone.substring(0, 3) + "****" + phone.substring(7));
        assertThat(marketer.get().uri("/api/contacts?name={n}", name.substring(0, 4)).exchange()
                .expectStatus().isOk().expectBody(LIST).returnResult().getResponseBody())
                .extracting(card -> card.get("id")).contains(id);
        assertThat(marketer.get().uri("/api/contacts?openid={o}", openid).exchange()
                .expectStatus().isOk().expectBody(LIST).returnResult().getResponseBody())
                .extracting(card -> card.get("id")).containsExactly(id);

        marketer.get().uri("/api/contacts").exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        marketer.get().uri("/api/contacts?openid={o}&phone={p}", openid, phone).exchange().expectStatus().isBadRequest();
        web.get().uri("/api/contacts?openid={o}", openid).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void theTreeThePathAndTheExportNameProspectsInFullForAdminsAndMaskedForMarketers() {
        String batch = UUID.randomUUID().toString().substring(0, 8);
        long campaign = ((Number) asAdmin().post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "公开课 " + batch, "targetKind", "FOLLOW",
                        "startsAt", Instant.now().minus(Duration.ofDays(1)).toString()))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id")).longValue();
        String external = "E-" + batch;
        asAdmin().post().uri("/api/sharers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(Map.of("kind", "EMPLOYEE", "externalId", external, "name", "王销售")))
                .exchange().expectStatus().isOk();
        List<?> items = (List<?>) asAdmin().get().uri("/api/sharers?externalId={e}", external).exchange()
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody().get("items");
        long sharer = ((Number) ((Map<?, ?>) items.get(0)).get("id")).longValue();
        String path = URI.create((String) asAdmin().post().uri("/api/sharers/" + sharer + "/binding-links")
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("url")).getPath();
        String bound = web.get().uri(path).cookie("YUTANG_SESSION", H5Visitor.signIn(web, openid("rep"))).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseCookies().getFirst("YUTANG_SESSION").getValue();
        String scene = ((String) web.get().uri("/my/campaigns/{c}/share-link", campaign).cookie("YUTANG_SESSION", bound)
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody().get("sceneUrl"))
                .replaceFirst(".*/test-", "");
        String prospect = openid("tree");
        var callback = WECHAT.push(WeChatEvents.subscribe(TestAccount.GH_ID, prospect, CLOCK.incrementAndGet(), scene));
        web.post().uri("/wechat/callback?" + callback.query()).contentType(MediaType.TEXT_XML).bodyValue(callback.body())
                .exchange().expectStatus().isOk();
        Flux.interval(Duration.ofMillis(50)).onBackpressureDrop()
                .concatMap(i -> database.sql("select count(*) as n from referral.tree_edge e join referral.contact c"
                                + " on c.id = e.contact_id where c.openid = :o and e.campaign_id = :c")
                        .bind("o", prospect).bind("c", campaign).map(row -> row.get("n", Long.class)).one())
                .filter(n -> n > 0)
                .blockFirst(Duration.ofSeconds(10));
        long contact = database.sql("update referral.contact set nickname = '张小明' where openid = :o returning id")
                .bind("o", prospect).map(row -> row.get("id", Long.class)).one().block(Duration.ofSeconds(5));

        WebTestClient marketer = marketer();
        asAdmin().get().uri("/api/campaigns/{c}/tree", campaign).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.nodes[?(@.id == 'c" + contact + "')].label").isEqualTo(List.of("张小明"))
                .jsonPath("$.nodes[?(@.id == 's" + sharer + "')].label").isEqualTo(List.of("王销售"));
        marketer.get().uri("/api/campaigns/{c}/tree", campaign).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.nodes[?(@.id == 'c" + contact + "')].label").isEqualTo(List.of("张**"))
                .jsonPath("$.nodes[?(@.id == 's" + sharer + "')].label").isEqualTo(List.of("王销售"));
        marketer.get().uri("/api/campaigns/{c}/contacts/{p}/path", campaign, contact).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.nodes[1].label").isEqualTo("张**");
        String csv = marketer.get().uri("/api/campaigns/{c}/tree/export", campaign).accept(MediaType.parseMediaType("text/csv"))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(csv).contains("\"张**\"").doesNotContain("张小明");
        String json = marketer.get().uri("/api/campaigns/{c}/tree/export", campaign).accept(MediaType.APPLICATION_JSON)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(json).contains("张**").doesNotContain("张小明");
        assertThat(asAdmin().get().uri("/api/campaigns/{c}/tree/export", campaign).accept(MediaType.parseMediaType("text/csv"))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody()).contains("张小明");
    }

    private static String openid(String who) {
        return "o-" + who + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    private WebTestClient marketer() {
        return StaffClients.newMarketer(web);
    }

    private WebTestClient asAdmin() {
        return StaffClients.admin(web);
    }
}

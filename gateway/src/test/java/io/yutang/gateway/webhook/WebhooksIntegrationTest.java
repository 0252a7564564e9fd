package io.yutang.gateway.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.yutang.gateway.InboundEventsHandled;
import io.yutang.gateway.StaffClients;
import io.yutang.gateway.TestAccount;
import io.yutang.gateway.YutangIntegrationTest;
import io.yutang.gateway.GatewayProperties.EncryptionMode;
import io.yutang.gateway.sandbox.WeChatEvents;
import io.yutang.gateway.sandbox.WeChatServerSide;
import io.yutang.referral.Attribution;
import io.yutang.referral.ConversionClaim;
import io.yutang.referral.ConversionKind;
import io.yutang.referral.TargetKind;
import io.yutang.referral.Behaviour;
import io.yutang.referral.BehaviourKind;
import io.yutang.referral.Behaviours;
import io.yutang.referral.ConsentDecision;
import io.yutang.referral.ConsentPurpose;
import io.yutang.referral.Consents;
import io.yutang.referral.ContactId;
import io.yutang.referral.Contacts;
import io.yutang.referral.Privacy;
import io.yutang.referral.WeChatUser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks to a CRM played by a WireMock server on this machine (allow-listed): what arrives, how
 * it is signed (checked here by code of the test's own, after the Standard Webhooks specification),
 * retries with the same id, the delivery log, consent, rotation, disabling and recovery, replay and
 * the refusal of private addresses.
 */
@YutangIntegrationTest
@TestPropertySource(properties = {
        "yutang.webhooks.allowed-hosts=127.0.0.1,localhost",
        "yutang.webhooks.poll-interval=100ms",
        "yutang.webhooks.retry-waits=300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms",
        "yutang.webhooks.disable-after=2s",
        "yutang.webhooks.attribution-settle=10s"})
class WebhooksIntegrationTest {

    static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() { };
    static final WeChatServerSide WECHAT = new WeChatServerSide(TestAccount.APP_ID, TestAccount.TOKEN, TestAccount.AES_KEY,
            EncryptionMode.SAFE);
    static final AtomicLong CLOCK = new AtomicLong(Instant.now().getEpochSecond());
    static final JsonMapper JSON = JsonMapper.builder().build();
    static WireMockServer crm;

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    @Autowired
    Behaviours behaviours;

    @Autowired
    Consents consents;

    @Autowired
    Contacts contacts;

    @Autowired
    Attribution attribution;

    @Autowired
    Privacy privacy;

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
    void aFollowThroughARepsCodeReachesTheCrmSignedWithItsAttribution() throws Exception {
        String path = "/crm/" + UUID.randomUUID();
        crm.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200).withBody("ok")));
        Map<String, Object> created = create(path, List.of("contact.followed"));
        String secret = (String) created.get("secret");
        assertThat(secret).startsWith("whsec_");
        long endpoint = endpointId(created);

        long rep = sharer("王销售", "华东大区");
        long campaign = ((Number) admin().post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "公开课 " + UUID.randomUUID(), "targetKind", "FOLLOW",
                        "startsAt", Instant.now().minus(Duration.ofDays(1)).toString()))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id")).longValue();
        String sceneUrl = (String) admin().post().uri("/api/campaigns/{id}/share-links", campaign).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("sharerId", rep)).exchange().expectStatus().isOk().expectBody(MAP).returnResult()
                .getResponseBody().get("sceneUrl");
        String openid = "o-hook-" + UUID.randomUUID().toString().substring(0, 12);
        WeChatServerSide.SignedCallback callback = WECHAT.push(WeChatEvents.subscribe(TestAccount.GH_ID, openid, eventTime(),
                sceneUrl.replaceFirst(".*/test-", "")));
        web.post().uri("/wechat/callback?" + callback.query()).contentType(MediaType.TEXT_XML).bodyValue(callback.body())
                .exchange().expectStatus().isOk();
        InboundEventsHandled.await(database, openid);

        LoggedRequest delivered = requests(path, 1).get(0);
        assertThat(verified(delivered, List.of(secret))).as("the signature checks out under the endpoint's secret").isTrue();
        assertThat(delivered.getHeader("webhook-id")).startsWith("msg_");
        assertThat(Long.parseLong(delivered.getHeader("webhook-timestamp"))).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        JsonNode body = JSON.readTree(delivered.getBodyAsString());
        assertThat(body.path("type").asString()).isEqualTo("contact.followed");
        assertThat(PayloadSchemas.problems("contact.followed", delivered.getBodyAsString())).as("as its published schema says").isEmpty();
        assertThat(body.path("data").path("contact").path("openid").asString()).isEqualTo(openid);
        assertThat(body.path("data").path("attribution").path("campaignId").asLong()).isEqualTo(campaign);
        assertThat(body.path("data").path("attribution").path("referrer").path("name").asString()).isEqualTo("王销售");
        assertThat(body.path("data").path("attribution").path("advocate").path("department").asString()).isEqualTo("华东大区");

        List<Map<String, Object>> log = attempts(endpoint);
        assertThat(log).singleElement().satisfies(attempt -> {
            assertThat(attempt).containsEntry("status", 200).containsEntry("response", "ok")
                    .containsEntry("messageId", delivered.getHeader("webhook-id"));
        });
    }

    @Test
    void aFailedDeliveryIsTriedAgainWithTheSameIdAndEveryAttemptIsLogged() {
        String path = "/crm/" + UUID.randomUUID();
        crm.stubFor(post(urlPathEqualTo(path)).inScenario(path).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("database is down")).willSetStateTo("up"));
        crm.stubFor(post(urlPathEqualTo(path)).inScenario(path).whenScenarioStateIs("up").willReturn(aResponse().withStatus(204)));
        long endpoint = endpointId(create(path, List.of("contact.unfollowed")));

        unfollows(newContact());

        List<LoggedRequest> delivered = requests(path, 2);
        assertThat(PayloadSchemas.problems("contact.unfollowed", delivered.get(0).getBodyAsString())).isEmpty();
        assertThat(PayloadSchemas.problems("contact.followed", delivered.get(0).getBodyAsString())).as("a schema tells the types apart")
                .isNotEmpty();
        assertThat(delivered.get(1).getHeader("webhook-id")).as("a receiver can tell a retry").isEqualTo(delivered.get(0).getHeader("webhook-id"));
        assertThat(attempts(endpoint)).extracting(attempt -> attempt.get("status")).containsExactly(204, 500);
        assertThat(attempts(endpoint).get(1)).containsEntry("response", "database is down");
    }

    @Test
    void aLeadIsSentOnlyForThePersonWhoConsentedToSharingItWithTheCrm() {
        String path = "/crm/" + UUID.randomUUID();
        crm.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)));
        create(path, List.of("lead.captured"));
        ContactId consented = newContact();
        ContactId declined = newContact();
        Instant now = Instant.now();
        sharing(consented, true);
        sharing(declined, false);
        behaviours.record(Behaviour.of(declined, BehaviourKind.LEAD, "content:1", now, "lead:test-" + UUID.randomUUID())).block(Duration.ofSeconds(5));
        behaviours.record(Behaviour.of(consented, BehaviourKind.LEAD, "content:1", now, "lead:test-" + UUID.randomUUID())).block(Duration.ofSeconds(5));

        String leadBody = requests(path, 1).get(0).getBodyAsString();
        JsonNode sent = JSON.readTree(leadBody);
        assertThat(sent.path("type").asString()).isEqualTo("lead.captured");
        assertThat(PayloadSchemas.problems("lead.captured", leadBody)).isEmpty();
        assertThat(sent.path("data").path("contact").path("id").asLong()).isEqualTo(consented.value());
        awaitBehaviourHandled(declined, consented);
        assertThat(crm.findAll(postRequestedFor(urlPathEqualTo(path)))).as("nothing for the one who declined").hasSize(1);
    }

    @Test
    void aPhoneOrEmailLeftOnAFormArrivesAsContactIdentifiedOncePerNewDetailAndOnlyWithConsent() {
        String path = "/crm/" + UUID.randomUUID();
        crm.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)));
        create(path, List.of("contact.identified"));
        ContactId consented = newContact();
        ContactId declined = newContact();
        Instant now = Instant.now();
        sharing(consented, true);
        sharing(declined, false);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        // As livestream and content report their forms: a registration with a phone, then a lead with the same phone.
        for (ContactId who : List.of(declined, consented)) {
            attribution.converted(new ConversionClaim(who, ConversionKind.REGISTRATION, "registration:id-" + tag + who.value(), now,
                    TargetKind.LIVE_EVENT, "91", null, "周女士", "星河制造", null).reachableAt("13900139000", null)).block(Duration.ofSeconds(10));
        }
        attribution.converted(new ConversionClaim(consented, ConversionKind.LEAD, "lead:id-" + tag, now.plusSeconds(5),
                TargetKind.CONTENT, "92", null, "周女士", null, null).reachableAt("13900139000", null)).block(Duration.ofSeconds(10));

        String body = requests(path, 1).get(0).getBodyAsString();
        assertThat(PayloadSchemas.problems("contact.identified", body)).as("as its published schema says").isEmpty();
        JsonNode data = JSON.readTree(body).path("data");
        assertThat(data.path("contact").path("id").asLong()).isEqualTo(consented.value());
        assertThat(data.path("ref").asString()).isEqualTo("live_event:91");
        assertThat(data.path("identity").path("phone").asString()).isEqualTo("13900139000");
        assertThat(data.path("identity").path("name").asString()).isEqualTo("周女士");
        assertThat(data.path("identity").path("email").isNull()).isTrue();
        awaitBehaviourHandled(declined, consented);
        assertThat(crm.findAll(postRequestedFor(urlPathEqualTo(path))))
                .as("nothing for the one who declined, nothing new for the same phone again").hasSize(1);

        // A new e-mail address is something new to the CRM.
        attribution.converted(new ConversionClaim(consented, ConversionKind.LEAD, "lead:id2-" + tag, now.plusSeconds(10),
                TargetKind.CONTENT, "93", null, "周女士", null, null).reachableAt("13900139000", "zhou@example.com")).block(Duration.ofSeconds(10));
        JsonNode second = JSON.readTree(requests(path, 2).get(1).getBodyAsString()).path("data");
        assertThat(second.path("identity").path("email").asString()).isEqualTo("zhou@example.com");
        assertThat(second.path("ref").asString()).isEqualTo("content:93");
    }

    @Test
    void aContactWhoseScoreCrossesTheLineArrivesAsAQualifiedLeadUnlessTheyWithdrewSharing() {
        String path = "/crm/" + UUID.randomUUID();
        crm.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)));
        create(path, List.of("lead.qualified", "lead.captured"));
        ContactId prospect = newContact();
        ContactId withdrew = newContact();
        Instant now = Instant.now();
        sharing(prospect, true);
        consents.give(withdrew, ConsentPurpose.CRM_SHARING, "同意把我的信息提供给贵司的销售", "test", now.minusSeconds(60))
                .then(consents.withdraw(withdrew, ConsentPurpose.CRM_SHARING, "我撤回同意", "page:/my/privacy", now.minusSeconds(30)))
                .block(Duration.ofSeconds(5));
        String withdrawnTag = UUID.randomUUID().toString();
        for (Behaviour behaviour : List.of(
                Behaviour.of(withdrew, BehaviourKind.FOLLOW, null, now, "follow:" + withdrawnTag),
                Behaviour.of(withdrew, BehaviourKind.REGISTRATION, "live_event:1", now, "registration:" + withdrawnTag),
                new Behaviour(withdrew, BehaviourKind.ATTENDANCE, "live_event:1", 1900, null, now, "attendance:" + withdrawnTag),
                Behaviour.of(withdrew, BehaviourKind.LEAD, "content:1", now, "lead:" + withdrawnTag),
                Behaviour.of(withdrew, BehaviourKind.DOWNLOAD, "content:1", now, "download:" + withdrawnTag))) {
            behaviours.record(behaviour).block(Duration.ofSeconds(5));
        }
        String tag = UUID.randomUUID().toString();
        for (Behaviour behaviour : List.of(
                Behaviour.of(prospect, BehaviourKind.FOLLOW, null, now, "follow:" + tag),
                Behaviour.of(prospect, BehaviourKind.REGISTRATION, "live_event:1", now, "registration:" + tag),
                new Behaviour(prospect, BehaviourKind.ATTENDANCE, "live_event:1", 1900, null, now, "attendance:" + tag),
                Behaviour.of(prospect, BehaviourKind.LEAD, "content:1", now, "lead:" + tag),
                Behaviour.of(prospect, BehaviourKind.DOWNLOAD, "content:1", now, "download:" + tag))) {
            behaviours.record(behaviour).block(Duration.ofSeconds(5));
        }

        // The consenting prospect's lead and qualified lead: two messages, and nothing about the one who withdrew.
        List<LoggedRequest> arrived = requests(path, 2);
        awaitQualified(withdrew, prospect);
        awaitBehaviourHandled(withdrew);
        assertThat(crm.findAll(postRequestedFor(urlPathEqualTo(path))))
                .extracting(request -> JSON.readTree(request.getBodyAsString()).path("data").path("contact").path("id").asLong())
                .as("only the consenting prospect's messages").containsOnly(prospect.value()).hasSize(2);
        String qualifiedBody = arrived.stream().map(LoggedRequest::getBodyAsString)
                .filter(body -> body.contains("\"lead.qualified\"")).findFirst().orElseThrow();
        JsonNode sent = JSON.readTree(qualifiedBody);
        assertThat(sent.path("type").asString()).isEqualTo("lead.qualified");
        assertThat(PayloadSchemas.problems("lead.qualified", qualifiedBody)).isEmpty();
        assertThat(sent.path("data").path("contact").path("id").asLong()).isEqualTo(prospect.value());
        assertThat(sent.path("data").path("score").asDouble()).isGreaterThanOrEqualTo(60);
        assertThat(sent.path("data").path("detail").asString()).isNotBlank();
    }

    @Test
    void afterARotationBothSecretsSignUntilTheOverlapEnds() throws Exception {
        String path = "/crm/" + UUID.randomUUID();
        crm.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)));
        Map<String, Object> created = create(path, List.of("contact.unfollowed"));
        String old = (String) created.get("secret");
        String fresh = (String) admin().post().uri("/api/webhooks/{id}/secret", endpointId(created)).exchange()
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody().get("secret");
        assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);

        unfollows(newContact());

        LoggedRequest delivered = requests(path, 1).get(0);
        assertThat(delivered.getHeader("webhook-signature").split(" ")).hasSize(2);
        assertThat(verified(delivered, List.of(fresh))).isTrue();
        assertThat(verified(delivered, List.of(old))).as("a receiver still on the old secret accepts it too").isTrue();
        assertThat(verified(delivered, List.of(WebhookSignatures.newSecret()))).isFalse();
    }

    @Test
    void anEndpointFailingForTooLongIsDisabledAndGetsWhatItMissedWhenEnabledAgain() {
        String path = "/crm/" + UUID.randomUUID();
        crm.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(503)));
        long endpoint = endpointId(create(path, List.of("contact.unfollowed")));

        unfollows(newContact());
        Map<String, Object> disabled = Flux.interval(Duration.ofMillis(200)).onBackpressureDrop()
                .publishOn(Schedulers.boundedElastic(), 1)
                .map(i -> admin().get().uri("/api/webhooks/{id}", endpoint).exchange().expectBody(MAP).returnResult().getResponseBody())
                .filter(found -> Boolean.FALSE.equals(found.get("enabled")))
                .blockFirst(Duration.ofSeconds(20));
        assertThat(disabled).isNotNull();
        assertThat((String) disabled.get("disabledReason")).contains("no successful delivery");
        int failedAttempts = crm.findAll(postRequestedFor(urlPathEqualTo(path))).size();
        String missed = crm.findAll(postRequestedFor(urlPathEqualTo(path))).get(0).getHeader("webhook-id");

        crm.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)));
        admin().put().uri("/api/webhooks/{id}", endpoint).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", crm.baseUrl() + path, "eventTypes", List.of("contact.unfollowed"), "enabled", true))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.enabled").isEqualTo(true);

        List<LoggedRequest> all = requests(path, failedAttempts + 1);
        assertThat(all.get(all.size() - 1).getHeader("webhook-id")).as("the message it missed, same id").isEqualTo(missed);
        assertThat(attempts(endpoint).get(0)).containsEntry("status", 200);
    }

    @Test
    void aReplaySendsTheSameMessageAgain() {
        String path = "/crm/" + UUID.randomUUID();
        crm.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)));
        long endpoint = endpointId(create(path, List.of("contact.unfollowed")));
        unfollows(newContact());
        String id = requests(path, 1).get(0).getHeader("webhook-id");

        admin().post().uri("/api/webhooks/{id}/replay", endpoint).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("messageId", id)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.resent").isEqualTo(1);

        assertThat(requests(path, 2)).extracting(request -> request.getHeader("webhook-id")).containsExactly(id, id);
        admin().post().uri("/api/webhooks/{id}/replay", endpoint).contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of())
                .exchange().expectStatus().isBadRequest();
    }

    @Test
    void theWholeCatalogueArrivesSignedAtOneReceiver() throws Exception {
        List<String> catalogue = admin().get().uri("/api/webhooks/event-types").exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<String>>() { }).returnResult().getResponseBody();
        String path = "/crm/" + UUID.randomUUID();
        crm.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(204)));
        String secret = (String) create(path, catalogue).get("secret");
        ContactId person = newContact();
        Instant now = Instant.now();
        sharing(person, true);
        String tag = UUID.randomUUID().toString();
        // What the modules report of one person's journey: follow, registration, an hour watched, a lead, a download
        // (enough for the shipped rules to qualify them), and a form that leaves a phone and an e-mail address.
        for (Behaviour behaviour : List.of(
                Behaviour.of(person, BehaviourKind.FOLLOW, null, now, "follow:" + tag),
                Behaviour.of(person, BehaviourKind.REGISTRATION, "live_event:1", now, "registration:" + tag),
                new Behaviour(person, BehaviourKind.ATTENDANCE, "live_event:1", 3600, null, now, "attendance:" + tag),
                Behaviour.of(person, BehaviourKind.LEAD, "content:1", now, "lead:" + tag),
                Behaviour.of(person, BehaviourKind.DOWNLOAD, "content:1", now, "download:" + tag))) {
            behaviours.record(behaviour).block(Duration.ofSeconds(5));
        }
        attribution.converted(new ConversionClaim(person, ConversionKind.LEAD, "lead:form-" + tag, now, TargetKind.CONTENT, "2",
                null, "何女士", "远山物流", null).reachableAt("13300133000", "he@example.com")).block(Duration.ofSeconds(10));
        awaitTypes(path, List.of("contact.followed", "registration.created", "attendance.recorded", "lead.captured",
                "lead.qualified", "contact.identified"));
        // Then the registration withdrawn, the unfollow, and last the erasure (which deletes what was about them).
        behaviours.withdraw("registration:" + tag).block(Duration.ofSeconds(5));
        behaviours.record(Behaviour.of(person, BehaviourKind.UNFOLLOW, null, Instant.now(), "unfollow:" + tag)).block(Duration.ofSeconds(5));
        awaitTypes(path, List.of("registration.cancelled", "contact.unfollowed"));
        privacy.requestErasure(person, "test", "api").block(Duration.ofSeconds(5));
        List<LoggedRequest> arrived = awaitTypes(path, catalogue);

        for (LoggedRequest request : arrived) {
            String type = JSON.readTree(request.getBodyAsString()).path("type").asString();
            assertThat(verified(request, List.of(secret))).as(type + " signed with the endpoint's secret").isTrue();
            assertThat(PayloadSchemas.problems(type, request.getBodyAsString())).as(type + " as its schema says").isEmpty();
            assertThat(JSON.readTree(request.getBodyAsString()).path("data").path("contact").path("id").asLong()).isEqualTo(person.value());
        }
        assertThat(arrived).extracting(request -> JSON.readTree(request.getBodyAsString()).path("type").asString())
                .as("every type of the catalogue").containsAll(catalogue);
    }

    /** Waits until every one of these types reached the receiver on {@code path}; everything it received. */
    private static List<LoggedRequest> awaitTypes(String path, List<String> types) {
        List<LoggedRequest> found = Flux.interval(Duration.ofMillis(200)).onBackpressureDrop()
                .publishOn(Schedulers.boundedElastic(), 1)
                .map(i -> crm.findAll(postRequestedFor(urlPathEqualTo(path))))
                .filter(requests -> requests.stream().map(request -> JSON.readTree(request.getBodyAsString()).path("type").asString())
                        .collect(java.util.stream.Collectors.toSet()).containsAll(types))
                .blockFirst(Duration.ofSeconds(40));
        assertThat(found).as("all of " + types + " at " + path).isNotNull();
        return found;
    }

    @Test
    void everyEventTypeHasItsPublishedSchema() {
        List<String> types = admin().get().uri("/api/webhooks/event-types").exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<String>>() { }).returnResult().getResponseBody();
        assertThat(types).hasSize(9).contains("contact.identified", "contact.erased");
        for (String type : types) {
            admin().get().uri("/api/webhooks/schemas/{type}", type).exchange().expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith("application/schema+json")
                    .expectBody().jsonPath("$.properties.type.const").isEqualTo(type);
        }
        admin().get().uri("/api/webhooks/schemas/{type}", "contact.teleported").exchange().expectStatus().isNotFound();
    }

    @Test
    void aWebhookCannotPointIntoAPrivateNetwork() {
        Map<String, String> refusals = Map.of(
                "http://10.0.0.7/hook", "private-address",
                "http://169.254.169.254/latest/meta-data", "private-address",
                "http://[::1]:8080/hook", "private-address",
                "http://192.168.1.20/crm", "private-address",
                "ftp://crm.example.com/hook", "scheme",
                "https://user:secret@crm.example.com/hook", "credentials",
                "https://no-such-host.invalid/hook", "unresolvable");
        refusals.forEach((url, reason) -> admin().post().uri("/api/webhooks").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", url, "eventTypes", List.of("contact.followed"))).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.reason").isEqualTo(reason));
        admin().post().uri("/api/webhooks").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", crm.baseUrl() + "/x", "eventTypes", List.of("contact.teleported"))).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.unknown[0]").isEqualTo("contact.teleported");
        StaffClients.newMarketer(web).get().uri("/api/webhooks").exchange().expectStatus().isForbidden();
    }

    private Map<String, Object> create(String path, List<String> types) {
        return admin().post().uri("/api/webhooks").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", crm.baseUrl() + path, "description", "CRM", "eventTypes", types))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
    }

    private static long endpointId(Map<String, Object> created) {
        return ((Number) ((Map<?, ?>) created.get("endpoint")).get("id")).longValue();
    }

    /**
     * A WeChat CreateTime: now, and never the same twice. (A time fixed when the class loaded would
     * lie in the past by the time a later test runs, beyond the attribution's settle window.)
     */
    private static long eventTime() {
        return CLOCK.updateAndGet(last -> Math.max(last + 1, Instant.now().getEpochSecond()));
    }

    /** The person's decision on sharing with the CRM, as the gate's consent box records it. */
    private void sharing(ContactId person, boolean given) {
        consents.record(person, List.of(new ConsentDecision(ConsentPurpose.CRM_SHARING, "", "同意把我的信息提供给贵司的销售", given)),
                "test", Instant.now()).block(Duration.ofSeconds(5));
    }

    private ContactId newContact() {
        return contacts.seen(new WeChatUser(TestAccount.APP_ID, "o-hook-" + UUID.randomUUID().toString().substring(0, 12)), Instant.now())
                .block(Duration.ofSeconds(5));
    }

    /** An unfollow: a fact with no conversion to wait for, so its message goes at once. */
    private void unfollows(ContactId contact) {
        behaviours.record(Behaviour.of(contact, BehaviourKind.UNFOLLOW, null, Instant.now(), "unfollow:test-" + UUID.randomUUID()))
                .block(Duration.ofSeconds(5));
    }

    private long sharer(String name, String department) {
        String external = "E-" + UUID.randomUUID().toString().substring(0, 8);
        admin().post().uri("/api/sharers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(Map.of("kind", "EMPLOYEE", "externalId", external, "name", name, "department", department)))
                .exchange().expectStatus().isOk();
        return database.sql("select id from referral.sharer where external_id = :e").bind("e", external)
                .map(row -> row.get("id", Long.class)).one().block(Duration.ofSeconds(5));
    }

    private List<Map<String, Object>> attempts(long endpoint) {
        return admin().get().uri("/api/webhooks/{id}/attempts", endpoint).exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() { }).returnResult().getResponseBody();
    }

    /** Waits until the CRM got at least {@code count} requests on {@code path}; they come oldest first. */
    private static List<LoggedRequest> requests(String path, int count) {
        List<LoggedRequest> found = Flux.interval(Duration.ofMillis(100)).onBackpressureDrop()
                .publishOn(Schedulers.boundedElastic(), 1)
                .map(i -> crm.findAll(postRequestedFor(urlPathEqualTo(path))))
                .filter(requests -> requests.size() >= count)
                .blockFirst(Duration.ofSeconds(20));
        assertThat(found).as("requests to " + path).isNotNull();
        return found;
    }

    /** Until content has handed over these contacts' qualified leads (the listeners, webhooks among them, have run). */
    private void awaitQualified(ContactId... contacts) {
        Long[] ids = Arrays.stream(contacts).map(ContactId::value).toArray(Long[]::new);
        Flux.interval(Duration.ofMillis(100)).onBackpressureDrop()
                .concatMap(i -> database.sql("select count(*) as n from content.qualified_lead where contact_id = any(:ids) and state = 'DONE'")
                        .bind("ids", ids).map(row -> row.get("n", Long.class)).one(), 1)
                .filter(done -> done == ids.length)
                .blockFirst(Duration.ofSeconds(30));
    }

    private void awaitBehaviourHandled(ContactId... contacts) {
        Long[] ids = Arrays.stream(contacts).map(ContactId::value).toArray(Long[]::new);
        Flux.interval(Duration.ofMillis(100)).onBackpressureDrop()
                .concatMap(i -> database.sql("select count(*) as n from referral.behaviour_change where contact_id = any(:ids) and state = 'DONE'")
                        .bind("ids", ids).map(row -> row.get("n", Long.class)).one(), 1)
                .filter(done -> done == ids.length)
                .blockFirst(Duration.ofSeconds(20));
    }

    /** The Standard Webhooks check, written here from the specification: some v1 signature matches some secret. */
    private static boolean verified(LoggedRequest request, List<String> secrets) throws Exception {
        String signed = request.getHeader("webhook-id") + "." + request.getHeader("webhook-timestamp") + "." + request.getBodyAsString();
        for (String secret : secrets) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.replaceFirst("^whsec_", "")), "HmacSHA256"));
            byte[] expected = mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
            for (String signature : request.getHeader("webhook-signature").split(" ")) {
                String[] versioned = signature.split(",", 2);
                if (versioned[0].equals("v1") && MessageDigest.isEqual(expected, Base64.getDecoder().decode(versioned[1]))) {
                    return true;
                }
            }
        }
        return false;
    }

    private WebTestClient admin() {
        return StaffClients.admin(web);
    }
}

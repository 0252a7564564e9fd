package io.yutang.gateway.journey;

import io.yutang.gateway.InboundEventsHandled;
import io.yutang.gateway.StaffClients;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.FakeWeChat;
import io.yutang.gateway.GatewayProperties.EncryptionMode;
import io.yutang.gateway.TestAccount;
import io.yutang.gateway.YutangIntegrationTest;
import io.yutang.gateway.sandbox.WeChatEvents;
import io.yutang.gateway.sandbox.WeChatServerSide;
import io.yutang.gateway.signin.H5Visitor;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

/**
 * A webinar from the prospect's side, through the real callback path and the H5 pages: scan a
 * rep's poster, open the registration page, register with one form, get the confirmation; and the
 * waitlist, the reschedule notice and who may call what.
 */
@YutangIntegrationTest
class LivestreamJourneyIntegrationTest {

    static final WeChatServerSide WECHAT = new WeChatServerSide(TestAccount.APP_ID, TestAccount.TOKEN,
            TestAccount.AES_KEY, EncryptionMode.SAFE);
    static final AtomicLong CLOCK = new AtomicLong(Instant.now().getEpochSecond());
    static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() { };
    static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    @Test
    void aRegistrationAfterAPosterScanIsCreditedToTheRepAndConfirmed() {
        long event = event(null, Instant.now().plus(Duration.ofDays(2)));
        long campaign = campaign(event);
        Rep rep = rep("王销售");
        String scene = ((String) web.get().uri("/my/campaigns/{c}/share-link", campaign).cookie("YUTANG_SESSION", rep.session())
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody().get("sceneUrl"))
                .replaceFirst(".*/test-", "");

        String prospect = openid("scan");
        push(WeChatEvents.subscribe(TestAccount.GH_ID, prospect, CLOCK.incrementAndGet(), scene));
        awaitHandled(prospect);
        Page page = page(event, null, H5Visitor.signIn(web, prospect));
        String session = page.session();
        assertThat(page.html()).contains("数字化营销公开课").contains("name=\"company\"").contains("报名</button>");
        Map<String, Object> registered = register(page, event,
                Map.of("answers", Map.of("name", "李女士", "company", "鱼塘科技", "phone", "13800138000"), "consent", true))
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(registered).containsEntry("status", "REGISTERED");

        assertThat(creditedSharers(campaign, prospect)).as("the rep is the direct referrer and the owner")
                .containsExactlyInAnyOrder(rep.id() + ":REFERRER", rep.id() + ":ADVOCATE");
        asAdmin().get().uri("/api/events/{e}/report/REP", event).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[0].label").isEqualTo("王销售")
                .jsonPath("$[0].registered").isEqualTo(1);
        asAdmin().get().uri("/api/events/{e}/report/DEPARTMENT", event).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[0].label").isEqualTo("华东大区");
        asAdmin().get().uri("/api/events/{e}/report/NOBODY", event).exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        awaitTemplateTo(prospect, "报名成功");

        // Registering again (a double tap, a retry) gives the same registration back; the next visit is one tap.
        register(page(event, null, session), event, Map.of("answers", Map.of("name", "李女士",
                "company", "鱼塘科技"), "consent", true)).expectStatus().isOk().expectBody()
                .jsonPath("$.id").isEqualTo(registered.get("id"));
        long other = event(null, Instant.now().plus(Duration.ofDays(3)));
        assertThat(page(other, null, session).html()).contains("一键报名").contains("value=\"鱼塘科技\"");
        assertThat(creditedSharers(campaign, prospect)).hasSize(2);
    }

    @Test
    void aOneTimeSubscriptionCarriesTheConfirmationToSomeoneWhoDoesNotFollow() {
        Map<String, Object> draft = draft(null, Instant.now().plus(Duration.ofDays(2)));
        draft.putAll(Map.of("subscribeTemplateId", "tmpl-sub-live", "channels", List.of("TEMPLATE", "SUBSCRIPTION")));
        long event = ((Number) asAdmin().post().uri("/api/events").contentType(MediaType.APPLICATION_JSON).bodyValue(draft)
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id")).longValue();
        String prospect = openid("granted");
        Page page = page(event, null, H5Visitor.signIn(web, prospect));
        assertThat(page.html()).contains("<wx-open-subscribe template=\"tmpl-sub-live\"").contains("openTagList: [\"wx-open-subscribe\"]");

        // The prospect accepts the prompt; WeChat reports it to the callback.
        push(WeChatEvents.subscriptionDecided(TestAccount.GH_ID, prospect, CLOCK.incrementAndGet(), "tmpl-sub-live", true));
        awaitHandled(prospect);
        register(page, event, Map.of("answers", Map.of("name", "郑女士", "company", "鱼塘"), "consent", true)).expectStatus().isOk();

        awaitState(event, "CONFIRMATION", "SENT");
        FakeWeChat.server().verify(1, postRequestedFor(urlPathEqualTo("/cgi-bin/message/subscribe/bizsend"))
                .withRequestBody(containing(prospect)).withRequestBody(containing("报名成功")));
        assertThat(database.sql("select channel from livestream.reminder r join livestream.registration g on g.id = r.registration_id"
                        + " where g.openid = :o and r.purpose = 'CONFIRMATION'").bind("o", prospect)
                .map(row -> row.get("channel", String.class)).one().block()).isEqualTo("SUBSCRIPTION");
        assertThat(database.sql("select count(*) as n from gateway.subscription_grant where openid = :o and consumed_at is null")
                .bind("o", prospect).map(row -> row.get("n", Long.class)).one().block())
                .as("the grant is spent").isZero();
    }

    @Test
    void aSharedLinkCarriesItsTokenIntoTheRegistration() {
        long event = event(null, Instant.now().plus(Duration.ofDays(2)));
        long campaign = campaign(event);
        Rep rep = rep("赵经理");
        String link = (String) web.get().uri("/my/campaigns/{c}/share-link", campaign).cookie("YUTANG_SESSION", rep.session())
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody().get("token");
        String prospect = openid("link");
        String session = H5Visitor.signIn(web, prospect);
        URI landing = web.get().uri("/s/" + link).cookie("YUTANG_SESSION", session).exchange()
                .expectStatus().isFound().returnResult(Void.class).getResponseHeaders().getLocation();
        assertThat(landing.toString()).contains("/live/" + event).contains("st=" + link);

        register(page(event, link, session), event, Map.of("answers", Map.of("name", "周先生", "company", "远山咨询"),
                "consent", true, "shareToken", link)).expectStatus().isOk();

        assertThat(creditedSharers(campaign, prospect)).containsExactlyInAnyOrder(rep.id() + ":REFERRER", rep.id() + ":ADVOCATE");
    }

    @Test
    void badFormsAreRefusedFieldByFieldInChinese() {
        long event = event(null, Instant.now().plus(Duration.ofDays(2)));
        String session = H5Visitor.signIn(web, openid("typo"));
        register(page(event, null, session), event,
                Map.of("answers", Map.of("name", "", "company", "鱼塘科技", "phone", "12345"), "consent", false))
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'name')].reason").isEqualTo("请填写姓名")
                .jsonPath("$.errors[?(@.field == 'phone')].reason").isEqualTo("请填写11位手机号")
                .jsonPath("$.errors[?(@.field == 'consent')].reason").isEqualTo("请先阅读并同意隐私说明");
        assertThat(database.sql("select count(*) as n from livestream.registration where event_id = :e").bind("e", event)
                .map(row -> row.get("n", Long.class)).one().block()).isZero();
    }

    @Test
    void theWaitlistIsPromotedInRegistrationOrder() {
        long event = event(1, Instant.now().plus(Duration.ofDays(2)));
        List<Page> pages = List.of(openid("first"), openid("second"), openid("third")).stream()
                .map(openid -> page(event, null, H5Visitor.signIn(web, openid))).toList();
        List<String> statuses = pages.stream().map(page -> (String) register(page, event,
                Map.of("answers", Map.of("name", "候补", "company", "鱼塘"), "consent", true))
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody().get("status")).toList();
        assertThat(statuses).containsExactly("REGISTERED", "WAITLISTED", "WAITLISTED");

        web.delete().uri("/my/events/{e}/registration", event).cookie("YUTANG_SESSION", pages.get(0).session())
                .header("X-CSRF-TOKEN", pages.get(0).csrf()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("CANCELLED");

        mine(event, pages.get(1).session()).jsonPath("$.status").isEqualTo("REGISTERED").jsonPath("$.promotedAt").exists();
        mine(event, pages.get(2).session()).jsonPath("$.status").isEqualTo("WAITLISTED").jsonPath("$.waitlistPosition").isEqualTo(1);
        assertThat(purposes(event)).contains("PROMOTED", "WAITLISTED", "CONFIRMATION");
    }

    @Test
    void twoProspectsRacingForTheLastPlaceGetOneRegistrationAndOneWaitlistPlace() {
        long event = event(1, Instant.now().plus(Duration.ofDays(2)));
        List<Page> pages = List.of(openid("racer"), openid("racer")).stream()
                .map(openid -> page(event, null, H5Visitor.signIn(web, openid))).toList();
        List<String> statuses = Flux.fromIterable(pages)
                .flatMap(page -> web.put().uri("/my/events/{e}/registration", event).cookie("YUTANG_SESSION", page.session())
                        .header("X-CSRF-TOKEN", page.csrf()).contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("answers", Map.of("name", "抢位", "company", "鱼塘"), "consent", true))
                        .exchange().returnResult(MAP).getResponseBody().next()
                        .map(body -> (String) body.get("status"))
                        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), 2)
                .collectList().block(Duration.ofSeconds(20));
        assertThat(statuses).containsExactlyInAnyOrder("REGISTERED", "WAITLISTED");
    }

    @Test
    void aRegistrationRenewedAfterCancellingIsConfirmedAgain() {
        long event = event(null, Instant.now().plus(Duration.ofDays(2)));
        Page page = page(event, null, H5Visitor.signIn(web, openid("again")));
        Map<String, Object> form = Map.of("answers", Map.of("name", "冯先生", "company", "鱼塘"), "consent", true);
        register(page, event, form).expectStatus().isOk();
        web.delete().uri("/my/events/{e}/registration", event).cookie("YUTANG_SESSION", page.session())
                .header("X-CSRF-TOKEN", page.csrf()).exchange().expectStatus().isOk();
        register(page, event, form).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("REGISTERED");

        assertThat(purposes(event)).contains("CONFIRMATION", "CONFIRMATION:2");
        assertThat(database.sql("""
                        select r.state from livestream.reminder r join livestream.registration g on g.id = r.registration_id
                         where g.event_id = :e and r.purpose = 'BEFORE_START:3600'""").bind("e", event)
                .map(row -> row.get("state", String.class)).one().block()).as("the reminder is armed again").isEqualTo("PENDING");
    }

    @Test
    void joiningBeforeTheStartIsNotYetAnAttendance() {
        long event = event(null, Instant.now().plus(Duration.ofDays(1)));
        String early = openid("early");
        Page page = page(event, null, H5Visitor.signIn(web, early));
        register(page, event, Map.of("answers", Map.of("name", "褚女士", "company", "鱼塘"), "consent", true)).expectStatus().isOk();
        String key = "tab-" + UUID.randomUUID();
        web.post().uri("/my/events/{e}/viewings", event).cookie("YUTANG_SESSION", page.session())
                .header("X-CSRF-TOKEN", page.csrf()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("sessionKey", key)).exchange().expectStatus().isCreated();
        web.post().uri("/my/events/{e}/viewings/{k}/heartbeat", event, key).cookie("YUTANG_SESSION", page.session())
                .header("X-CSRF-TOKEN", page.csrf()).exchange().expectStatus().isNoContent();
        web.post().uri("/my/events/{e}/viewings/{k}/heartbeat", event, "tab-unknown").cookie("YUTANG_SESSION", page.session())
                .header("X-CSRF-TOKEN", page.csrf()).exchange().expectStatus().isNotFound();

        assertThat(database.sql("""
                        select count(*) as n from referral.conversion v join referral.contact c on c.id = v.contact_id
                         where c.openid = :o and v.kind = 'ATTENDANCE'""").bind("o", early)
                .map(row -> row.get("n", Long.class)).one().block()).isZero();
        asAdmin().get().uri("/api/events/{e}/report", event).exchange().expectBody().jsonPath("$.attended").isEqualTo(0);
    }

    @Test
    void unreadableViewingLogsAndEventsAreRefusedWithProblems() {
        long event = event(null, Instant.now().minus(Duration.ofMinutes(30)));
        String viewer = openid("quoted");
        register(page(event, null, H5Visitor.signIn(web, viewer)), event,
                Map.of("answers", Map.of("name", "卫先生", "company", "鱼塘"), "consent", true)).expectStatus().isOk();
        Instant start = database.sql("select starts_at from livestream.live_event where id = :e").bind("e", event)
                .map(row -> row.get("starts_at", Instant.class)).one().block();
        asAdmin().post().uri("/api/events/{e}/viewing-log", event).contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue("\n\n").exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        asAdmin().post().uri("/api/events/{e}/viewing-log", event).contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue("\uFEFF\"mode\",\"viewerId\",\"joinedAt\",\"leftAt\"\r\n\"LIVE\",\"" + viewer + "\",\""
                        + start.plusSeconds(60) + "\",\"" + start.plusSeconds(660) + "\"\r\n")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.accepted").isEqualTo(1);
        asAdmin().post().uri("/api/events/{e}/viewing-log", event).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[null]").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("row");
        asAdmin().post().uri("/api/events/{e}/viewing-log", event).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"not\":\"an array\"}").exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        Map<String, Object> broken = draft(null, Instant.now().plus(Duration.ofDays(1)));
        broken.put("registrationFields", java.util.Arrays.asList((Object) null));
        asAdmin().post().uri("/api/events").contentType(MediaType.APPLICATION_JSON).bodyValue(broken)
                .exchange().expectStatus().isBadRequest();
    }


    @Test
    void aRescheduleMovesTheRemindersAndTellsEachRegistrantOnce() {
        Instant start = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MINUTES);
        long event = event(null, start);
        String prospect = openid("moved");
        push(WeChatEvents.subscribe(TestAccount.GH_ID, prospect, CLOCK.incrementAndGet(), null));
        awaitHandled(prospect);
        String session = H5Visitor.signIn(web, prospect);
        register(page(event, null, session), event,
                Map.of("answers", Map.of("name", "钱女士", "company", "鱼塘"), "consent", true)).expectStatus().isOk();

        Instant later = start.plus(Duration.ofDays(1));
        Map<String, Object> draft = draft(null, later);
        asAdmin().put().uri("/api/events/{e}", event).contentType(MediaType.APPLICATION_JSON).bodyValue(draft)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.scheduleVersion").isEqualTo(2);
        asAdmin().put().uri("/api/events/{e}", event).contentType(MediaType.APPLICATION_JSON).bodyValue(draft)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.scheduleVersion").isEqualTo(2);

        awaitTemplateTo(prospect, "直播时间有变");
        awaitState(event, "RESCHEDULED:2", "SENT");
        FakeWeChat.server().verify(1, postRequestedFor(urlPathEqualTo("/cgi-bin/message/template/send"))
                .withRequestBody(containing(prospect)).withRequestBody(containing("直播时间有变")));
        assertThat(database.sql("""
                        select r.due_at from livestream.reminder r join livestream.registration g on g.id = r.registration_id
                         where g.event_id = :e and r.purpose = 'BEFORE_START:3600'""")
                .bind("e", event).map(row -> row.get("due_at", Instant.class)).one().block())
                .isEqualTo(later.minus(Duration.ofHours(1)));
    }

    @Test
    void attendanceMergesSessionsAndTheEndSendsReplayAndSurvey() {
        Instant start = Instant.now().minus(Duration.ofMinutes(40)).truncatedTo(ChronoUnit.SECONDS);
        long event = event(null, start);
        String watcher = openid("watcher");
        String absent = openid("absent");
        Page watching = page(event, null, H5Visitor.signIn(web, watcher));
        register(watching, event, Map.of("answers", Map.of("name", "孙先生", "company", "鱼塘"), "consent", true)).expectStatus().isOk();
        Page missing = page(event, null, H5Visitor.signIn(web, absent));
        register(missing, event, Map.of("answers", Map.of("name", "吴女士", "company", "鱼塘"), "consent", true)).expectStatus().isOk();

        web.post().uri("/my/events/{e}/viewings", event).cookie("YUTANG_SESSION", watching.session())
                .header("X-CSRF-TOKEN", watching.csrf()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("sessionKey", "tab-" + UUID.randomUUID())).exchange()
                .expectStatus().isCreated().expectBody().jsonPath("$.mode").isEqualTo("LIVE");
        // The platform's log: two overlapping sessions (20 and 20 minutes, 10 shared) and a row it cannot place.
        String log = "viewerId,joinedAt,leftAt,mode\n"
                + watcher + "," + start.plusSeconds(60) + "," + start.plusSeconds(1260) + ",LIVE\n"
                + watcher + "," + start.plusSeconds(660) + "," + start.plusSeconds(1860) + ",LIVE\n"
                + "o-stranger," + start + "," + start.plusSeconds(60) + ",LIVE\n";
        for (int upload = 0; upload < 2; upload++) {
            asAdmin().post().uri("/api/events/{e}/viewing-log", event).contentType(MediaType.parseMediaType("text/csv"))
                    .bodyValue(log).exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.errors[0].row").isEqualTo(3)
                    .jsonPath("$.errors[0].field").isEqualTo("viewerId");
        }

        asAdmin().get().uri("/api/events/{e}/report", event).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.registered").isEqualTo(2)
                .jsonPath("$.attended").isEqualTo(1)
                .jsonPath("$.attendanceRate").isEqualTo(0.5)
                .jsonPath("$.medianLiveSeconds").value(seconds -> assertThat(((Number) seconds).longValue()).isBetween(1800L, 1810L));
        assertThat(database.sql("""
                        select count(*) as n from referral.conversion v join referral.contact c on c.id = v.contact_id
                         where c.openid = :o and v.kind = 'ATTENDANCE'""").bind("o", watcher)
                .map(row -> row.get("n", Long.class)).one().block()).as("one attendance, however many sessions").isEqualTo(1);
        String csv = asAdmin().get().uri("/api/events/{e}/attendees", event).accept(MediaType.parseMediaType("text/csv"))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(csv).contains("\"孙先生\"").contains("\"吴女士\"");

        Map<String, Object> ended = draft(null, start);
        ended.putAll(Map.of("status", "ENDED", "replayUrl", "https://live.example.com/replay/1",
                "surveyUrl", "https://survey.example.com/s/1"));
        asAdmin().put().uri("/api/events/{e}", event).contentType(MediaType.APPLICATION_JSON).bodyValue(ended)
                .exchange().expectStatus().isOk();
        asAdmin().put().uri("/api/events/{e}", event).contentType(MediaType.APPLICATION_JSON).bodyValue(ended)
                .exchange().expectStatus().isOk();
        assertThat(purposesOf(event, watcher)).contains("REPLAY_ATTENDED", "SURVEY").doesNotContain("REPLAY_MISSED");
        assertThat(purposesOf(event, absent)).contains("REPLAY_MISSED").doesNotContain("SURVEY", "REPLAY_ATTENDED");
    }

    @Test
    void onlyMarketingManagesEventsAndOnlySignedInViewersRegister() {
        long event = event(null, Instant.now().plus(Duration.ofDays(2)));
        String session = H5Visitor.signIn(web, openid("nosy"));
        web.get().uri("/api/events").cookie("YUTANG_SESSION", session).exchange().expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/my/events/{e}/registration", event).exchange().expectStatus().isUnauthorized();
        web.put().uri("/my/events/{e}/registration", event).cookie("YUTANG_SESSION", session).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("answers", Map.of())).exchange().expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/live/{e}", event).exchange().expectStatus().isFound()
                .expectHeader().value("Location", location -> assertThat(location).startsWith("/wechat/oauth/start"));
        asAdmin().post().uri("/api/events").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "没有结束时间", "startsAt", Instant.now().toString()))
                .exchange().expectStatus().isBadRequest();
        Map<String, Object> backwards = draft(null, Instant.now().plus(Duration.ofDays(1)));
        backwards.put("endsAt", Instant.now().toString());
        asAdmin().post().uri("/api/events").contentType(MediaType.APPLICATION_JSON).bodyValue(backwards)
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("endsAt");
    }

    record Rep(long id, String session) {
    }

    private long event(Integer capacity, Instant start) {
        return ((Number) asAdmin().post().uri("/api/events").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(draft(capacity, start)).exchange().expectStatus().isCreated()
                .expectBody(MAP).returnResult().getResponseBody().get("id")).longValue();
    }

    private static Map<String, Object> draft(Integer capacity, Instant start) {
        Map<String, Object> draft = new HashMap<>(Map.of("title", "数字化营销公开课", "startsAt", start.toString(),
                "endsAt", start.plus(Duration.ofHours(1)).toString(), "status", "OPEN",
                "templateId", "tmpl-live-reminder", "consentText", "我们将按隐私政策使用你的信息发送直播提醒。",
                "reminderOffsets", List.of("PT24H", "PT1H", "PT10M", "PT0S")));
        if (capacity != null) {
            draft.put("capacity", capacity);
        }
        return draft;
    }

    private long campaign(long event) {
        return ((Number) asAdmin().post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "公开课推广 " + event, "targetKind", "LIVE_EVENT", "targetRef", String.valueOf(event),
                        "targetUrl", "http://localhost/live/" + event, "startsAt", Instant.now().minus(Duration.ofDays(1)).toString()))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id")).longValue();
    }

    private Rep rep(String name) {
        String external = "E-" + UUID.randomUUID().toString().substring(0, 8);
        asAdmin().post().uri("/api/sharers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(Map.of("kind", "EMPLOYEE", "externalId", external, "name", name, "department", "华东大区")))
                .exchange().expectStatus().isOk();
        long id = database.sql("select id from referral.sharer where external_id = :e").bind("e", external)
                .map(row -> row.get("id", Long.class)).one().block(Duration.ofSeconds(5));
        String path = URI.create((String) asAdmin().post().uri("/api/sharers/" + id + "/binding-links")
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("url")).getPath();
        String session = H5Visitor.signIn(web, openid("rep"));
        String bound = web.get().uri(path).cookie("YUTANG_SESSION", session).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseCookies().getFirst("YUTANG_SESSION").getValue();
        return new Rep(id, bound);
    }

    /** The registration page as the browser got it, and the session cookie the browser holds after it. */
    record Page(String html, String session) {

        String csrf() {
            Matcher matcher = CSRF.matcher(html);
            assertThat(matcher.find()).as("the page carries a CSRF token").isTrue();
            return matcher.group(1);
        }
    }

    private Page page(long event, String shareToken, String session) {
        var result = web.get().uri(builder -> builder.path("/live/" + event).queryParamIfPresent("st",
                        java.util.Optional.ofNullable(shareToken)).build())
                .cookie("YUTANG_SESSION", session).accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult();
        var renewed = result.getResponseCookies().getFirst("YUTANG_SESSION");
        return new Page(result.getResponseBody(), renewed == null ? session : renewed.getValue());
    }

    private WebTestClient.ResponseSpec register(Page page, long event, Map<String, Object> form) {
        return web.put().uri("/my/events/{e}/registration", event).cookie("YUTANG_SESSION", page.session())
                .header("X-CSRF-TOKEN", page.csrf()).contentType(MediaType.APPLICATION_JSON).bodyValue(form).exchange();
    }

    private WebTestClient.BodyContentSpec mine(long event, String session) {
        return web.get().uri("/my/events/{e}/registration", event).cookie("YUTANG_SESSION", session).exchange()
                .expectStatus().isOk().expectBody();
    }

    private List<String> creditedSharers(long campaign, String openid) {
        return database.sql("""
                        select k.sharer_id || ':' || k.role as credit from referral.credit k
                          join referral.conversion v on v.id = k.conversion_id
                          join referral.contact c on c.id = v.contact_id
                         where k.campaign_id = :campaign and c.openid = :openid and k.kind = 'REGISTRATION'""")
                .bind("campaign", campaign).bind("openid", openid)
                .map(row -> row.get("credit", String.class)).all().collectList().block(Duration.ofSeconds(5));
    }

    private List<String> purposes(long event) {
        return database.sql("""
                        select r.purpose from livestream.reminder r join livestream.registration g on g.id = r.registration_id
                         where g.event_id = :e""")
                .bind("e", event).map(row -> row.get("purpose", String.class)).all().collectList().block();
    }

    private List<String> purposesOf(long event, String openid) {
        return database.sql("""
                        select r.purpose from livestream.reminder r join livestream.registration g on g.id = r.registration_id
                         where g.event_id = :e and g.openid = :o""")
                .bind("e", event).bind("o", openid).map(row -> row.get("purpose", String.class)).all().collectList().block();
    }

    private void awaitTemplateTo(String openid, String notice) {
        Flux.interval(Duration.ofMillis(50)).onBackpressureDrop()
                .filter(tick -> !FakeWeChat.server().findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/message/template/send"))
                        .withRequestBody(containing(openid)).withRequestBody(containing(notice))).isEmpty())
                .blockFirst(Duration.ofSeconds(10));
    }

    private void awaitState(long event, String purpose, String state) {
        Flux.interval(Duration.ofMillis(50)).onBackpressureDrop()
                .concatMap(tick -> database.sql("""
                                select count(*) as n from livestream.reminder r join livestream.registration g on g.id = r.registration_id
                                 where g.event_id = :e and r.purpose = :p and r.state = :s""")
                        .bind("e", event).bind("p", purpose).bind("s", state).map(row -> row.get("n", Long.class)).one())
                .filter(n -> n > 0)
                .blockFirst(Duration.ofSeconds(10));
    }

    private void push(String eventXml) {
        WeChatServerSide.SignedCallback callback = WECHAT.push(eventXml);
        web.post().uri("/wechat/callback?" + callback.query()).contentType(MediaType.TEXT_XML).bodyValue(callback.body())
                .exchange().expectStatus().isOk();
    }

    private void awaitHandled(String... openids) {
        InboundEventsHandled.await(database, openids);
    }

    private static String openid(String who) {
        return "o-" + who + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    private WebTestClient asAdmin() {
        return StaffClients.admin(web);
    }
}

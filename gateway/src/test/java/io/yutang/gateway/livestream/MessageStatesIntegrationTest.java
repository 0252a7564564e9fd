package io.yutang.gateway.livestream;

import io.yutang.gateway.StaffClients;
import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.YutangIntegrationTest;
import io.yutang.gateway.signin.H5Visitor;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** "Why did she get no reminder?": every planned message of an event and of one registration, with its state and why. */
@YutangIntegrationTest
class MessageStatesIntegrationTest {

    static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() { };
    static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() { };
    static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");

    @Autowired
    WebTestClient web;

    @Test
    void aMarketerSeesWhatHappenedToEachMessageAndWhy() {
        Instant start = Instant.now().plus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Map<String, Object> draft = new HashMap<>(Map.of("title", "数字化营销公开课", "startsAt", start.toString(),
                "endsAt", start.plus(Duration.ofHours(1)).toString(), "status", "OPEN",
                "templateId", "tmpl-live-reminder", "consentText", "我们将按隐私政策使用你的信息发送直播提醒。",
                "reminderOffsets", List.of("PT24H", "PT1H")));
        long event = ((Number) asAdmin().post().uri("/api/events").contentType(MediaType.APPLICATION_JSON).bodyValue(draft)
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id")).longValue();
        String openid = "o-nofollow-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String session = H5Visitor.signIn(web, openid);
        var page = web.get().uri("/live/" + event).cookie("YUTANG_SESSION", session).accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult();
        var renewed = page.getResponseCookies().getFirst("YUTANG_SESSION");
        Matcher csrf = CSRF.matcher(page.getResponseBody());
        assertThat(csrf.find()).isTrue();
        long registration = ((Number) web.put().uri("/my/events/{e}/registration", event)
                .cookie("YUTANG_SESSION", renewed == null ? session : renewed.getValue())
                .header("X-CSRF-TOKEN", csrf.group(1)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("answers", Map.of("name", "李女士", "company", "鱼塘科技"), "consent", true)).exchange()
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody().get("id")).longValue();

        WebTestClient marketer = marketer();
        // She never followed and never interacted: no channel reaches her, so the confirmation is skipped.
        List<Map<String, Object>> skipped = Flux.interval(Duration.ofMillis(100)).onBackpressureDrop()
                .publishOn(Schedulers.boundedElastic())
                .map(tick -> marketer.get().uri("/api/events/{e}/messages?state=SKIPPED", event).exchange()
                        .expectStatus().isOk().expectBody(LIST).returnResult().getResponseBody())
                .filter(found -> !found.isEmpty())
                .blockFirst(Duration.ofSeconds(10));
        assertThat(skipped).hasSize(1);
        assertThat(skipped.get(0)).containsEntry("registrationId", (int) registration)
                .containsEntry("purpose", "CONFIRMATION").containsEntry("state", "SKIPPED");
        assertThat((String) skipped.get(0).get("reason")).contains("TEMPLATE: not a follower");
        assertThat((String) skipped.get(0).get("explanation")).contains("未发送").contains("未关注公众号");

        List<Map<String, Object>> pending = marketer.get().uri("/api/events/{e}/messages?state=PENDING", event).exchange()
                .expectStatus().isOk().expectBody(LIST).returnResult().getResponseBody();
        assertThat(pending).extracting(m -> m.get("purpose")).containsExactly("BEFORE_START", "BEFORE_START");
        assertThat(pending).extracting(m -> m.get("offsetSeconds")).containsExactly(86400, 3600);
        assertThat(Instant.parse((String) pending.get(1).get("dueAt"))).isEqualTo(Instant.parse((String) draft.get("startsAt"))
                .minus(Duration.ofHours(1)));
        assertThat((String) pending.get(0).get("explanation")).contains("等待发送");

        List<Map<String, Object>> hers = marketer.get()
                .uri("/api/events/{e}/registrations/{r}/messages", event, registration).exchange()
                .expectStatus().isOk().expectBody(LIST).returnResult().getResponseBody();
        assertThat(hers).extracting(m -> m.get("purpose")).containsExactly("CONFIRMATION", "BEFORE_START", "BEFORE_START");

        marketer.get().uri("/api/events/{e}/messages?state=LOST", event).exchange()
                .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        marketer.get().uri("/api/events/{e}/registrations/{r}/messages", event + 1_000_000, registration).exchange()
                .expectStatus().isNotFound().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/api/events/{e}/messages", event).exchange().expectStatus().isUnauthorized();
    }

    private WebTestClient marketer() {
        return StaffClients.newMarketer(web);
    }

    private WebTestClient asAdmin() {
        return StaffClients.admin(web);
    }
}

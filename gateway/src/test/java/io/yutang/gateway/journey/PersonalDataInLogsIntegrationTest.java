package io.yutang.gateway.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.StaffClients;
import io.yutang.gateway.YutangIntegrationTest;
import io.yutang.gateway.signin.H5Visitor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A prospect's journey with a known name, phone and email — a registration, a failed form, a lead —
 * and then everything the application logged meanwhile: none of the three is in it.
 */
@YutangIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class PersonalDataInLogsIntegrationTest {

    @Autowired
    WebTestClient web;

    @Test
    void aJourneyWithANamePhoneAndEmailLeavesNoneOfThemInTheLog(CapturedOutput log) {
        String name = "日志测试" + UUID.randomUUID().toString().substring(0, 4);
        String phone = "139" + String.valueOf(System.nanoTime()).substring(0, 8);
        String email = "log-" + UUID.randomUUID().toString().substring(0, 8) + "@example.cn";
        WebTestClient admin = StaffClients.admin(web);
        Instant start = Instant.now().plus(Duration.ofDays(2));
        long event = H5Journeys.createdId(admin.post().uri("/api/events").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of(
                "title", "日志测试直播", "startsAt", start.toString(), "endsAt", start.plus(Duration.ofHours(1)).toString(),
                "status", "OPEN", "consentText", "我们将按隐私政策使用你的信息。",
                "registrationFields", List.of(Map.of("key", "name", "required", true), Map.of("key", "phone", "required", true),
                        Map.of("key", "email", "required", false)))));
        long asset = H5Journeys.createdId(admin.post().uri("/api/assets").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of(
                "title", "日志测试白皮书", "deliveryConsent", "同意就本资料与我联系", "sharingConsent", "同意提供给 CRM",
                "externalUrl", "https://example.com/whitepaper.pdf")));
        admin.put().uri("/api/assets/{a}", asset).contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of(
                "title", "日志测试白皮书", "deliveryConsent", "同意就本资料与我联系", "sharingConsent", "同意提供给 CRM",
                "externalUrl", "https://example.com/whitepaper.pdf", "status", "PUBLISHED")).exchange().expectStatus().isOk();

        String session = H5Visitor.signIn(web, "o-log-" + UUID.randomUUID().toString().substring(0, 12));
        String[] page = H5Journeys.page(web, "/live/" + event, session);
        web.put().uri("/my/events/{e}/registration", event).cookie("YUTANG_SESSION", page[1]).header("X-CSRF-TOKEN", H5Journeys.csrf(page[0]))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("answers", Map.of("name", name, "phone", "12" + phone, "email", email), "consent", true))
                .exchange().expectStatus().isBadRequest();
        web.put().uri("/my/events/{e}/registration", event).cookie("YUTANG_SESSION", page[1]).header("X-CSRF-TOKEN", H5Journeys.csrf(page[0]))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("answers", Map.of("name", name, "phone", phone, "email", email), "consent", true))
                .exchange().expectStatus().isOk();
        String[] assetPage = H5Journeys.page(web, "/c/assets/" + asset, page[1]);
        web.put().uri("/my/assets/{a}/lead", asset).cookie("YUTANG_SESSION", assetPage[1]).header("X-CSRF-TOKEN", H5Journeys.csrf(assetPage[0]))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("answers", Map.of("name", name, "company", "日志科技", "phone", phone), "delivery", true, "sharing", true))
                .exchange().expectStatus().isOk();
        admin.get().uri("/api/events/{e}/attendees", event).exchange().expectStatus().isOk()
                .expectBody(String.class).value(list -> assertThat(list).as("the data is really there").contains(name));

        assertThat(log.getAll()).as("the log")
                .doesNotContain(name).doesNotContain(phone).doesNotContain(email);
    }
}

package io.yutang.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.StaffClients;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A NUL byte or another invisible control character in what staff or a prospect sends is refused
 * with 400 problem+json naming the field, and nothing of it is stored (PostgreSQL refuses NUL in
 * text, which used to surface as a 500).
 */
@YutangIntegrationTest
class ControlCharactersIntegrationTest {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() { };
    private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() { };
    private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");

    @Autowired
    WebTestClient web;

    String batch;

    @BeforeEach
    void aBatch() {
        batch = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aCampaignNameWithNulIsRefusedAndNotStored() {
        Map<String, Object> problem = admin().post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "公开课\u0000" + batch, "targetKind", "FOLLOW",
                        "startsAt", Instant.now().toString()))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(MAP).returnResult().getResponseBody();
        assertThat(fields(problem)).containsExactly("name");
        assertThat(list(problem, "errors").get(0)).containsEntry("message", "不能含有换行或不可见的控制字符（例如 NUL）");
        assertThat(admin().get().uri("/api/campaigns").exchange().expectStatus().isOk().expectBody(LIST)
                .returnResult().getResponseBody()).noneMatch(c -> String.valueOf(c.get("name")).contains(batch));
    }

    @Test
    void anEventTitleOrDescriptionWithAControlCharacterIsRefusedButLineBreaksInTheDescriptionAreFine() {
        Instant start = Instant.now().plus(Duration.ofDays(2));
        Map<String, Object> draft = new HashMap<>(Map.of("title", "直播\u0007" + batch, "description", "第一行\u0000",
                "startsAt", start.toString(), "endsAt", start.plus(Duration.ofHours(1)).toString()));
        Map<String, Object> problem = admin().post().uri("/api/events").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(draft).exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(MAP).returnResult().getResponseBody();
        assertThat(fields(problem)).containsExactlyInAnyOrder("title", "description");
        assertThat(admin().get().uri("/api/events").exchange().expectStatus().isOk().expectBody(LIST)
                .returnResult().getResponseBody()).noneMatch(e -> String.valueOf(e.get("title")).contains(batch));

        draft.put("title", "直播 " + batch);
        draft.put("description", "第一行\n第二行\t缩进");
        admin().post().uri("/api/events").contentType(MediaType.APPLICATION_JSON).bodyValue(draft)
                .exchange().expectStatus().isCreated().expectBody().jsonPath("$.description").isEqualTo("第一行\n第二行\t缩进");
    }

    @Test
    void aStaffDisplayNameOrTokenNameWithNulIsRefusedAndNotStored() {
        Map<String, Object> problem = admin().post().uri("/api/staff-users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "nul-" + batch, "displayName", "韩梅梅\u0000", "password", "a-long-password-9",
                        "roles", List.of("MARKETER")))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(MAP).returnResult().getResponseBody();
        assertThat(fields(problem)).containsExactly("displayName");
        assertThat(admin().get().uri("/api/staff-users").exchange().expectStatus().isOk().expectBody(LIST)
                .returnResult().getResponseBody()).noneMatch(s -> String.valueOf(s.get("username")).contains(batch));

        Map<String, Object> token = admin().post().uri("/api/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "CRM\u0000" + batch))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(MAP).returnResult().getResponseBody();
        assertThat(fields(token)).containsExactly("name");
        assertThat(admin().get().uri("/api/tokens").exchange().expectStatus().isOk().expectBody(LIST)
                .returnResult().getResponseBody()).noneMatch(t -> String.valueOf(t.get("name")).contains(batch));
    }

    @Test
    void aCsvSharerImportWithNulReportsTheRowAndKeepsTheOthers() {
        String csv = "kind,externalId,name,title\n"
                + "EMPLOYEE,C1-" + batch + ",王销售,经理\n"
                + "EMPLOYEE,C2-" + batch + ",李销售,\u0000经理\n";
        Map<String, Object> report = admin().post().uri("/api/sharers").contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue(csv).exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(list(report, "rows")).extracting(row -> row.get("externalId")).containsExactly("C1-" + batch);
        assertThat(list(report, "errors")).containsExactly(Map.of("row", 3, "field", "title",
                "reason", "control-character", "message", "含有不可见的控制字符（例如 NUL），请删除后重新导入"));
    }

    @Test
    void aRegistrationAnswerWithNulIsRefusedAndNoRegistrationIsMade() {
        Instant start = Instant.now().plus(Duration.ofDays(2));
        long event = ((Number) admin().post().uri("/api/events").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "直播 " + batch, "startsAt", start.toString(),
                        "endsAt", start.plus(Duration.ofHours(1)).toString(), "status", "OPEN",
                        "consentText", "我们将按隐私政策使用你的信息发送直播提醒。"))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id")).longValue();
        String session = H5Visitor.signIn(web, "o-nul-" + batch);
        var page = web.get().uri("/live/" + event).cookie("YUTANG_SESSION", session).accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult();
        var renewed = page.getResponseCookies().getFirst("YUTANG_SESSION");
        String cookie = renewed == null ? session : renewed.getValue();
        Matcher csrf = CSRF.matcher(page.getResponseBody());
        assertThat(csrf.find()).isTrue();
        Map<String, Object> problem = web.put().uri("/my/events/{e}/registration", event).cookie("YUTANG_SESSION", cookie)
                .header("X-CSRF-TOKEN", csrf.group(1)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("answers", Map.of("name", "李\u0000女士", "company", "鱼塘科技"), "consent", true)).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(MAP).returnResult().getResponseBody();
        assertThat(fields(problem)).containsExactly("name");
        web.get().uri("/my/events/{e}/registration", event).cookie("YUTANG_SESSION", cookie).exchange()
                .expectStatus().isNotFound();
    }

    private WebTestClient admin() {
        return StaffClients.admin(web);
    }

    private static List<Object> fields(Map<String, Object> problem) {
        return list(problem, "errors").stream().map(error -> error.get("field")).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> body, String key) {
        return (List<Map<String, Object>>) body.get(key);
    }
}

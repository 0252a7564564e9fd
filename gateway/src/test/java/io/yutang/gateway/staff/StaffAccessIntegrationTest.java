package io.yutang.gateway.staff;

import io.yutang.gateway.StaffClients;
import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.YutangIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Who may call the staff API, role by role. */
@YutangIntegrationTest
class StaffAccessIntegrationTest {

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    @Test
    void anAdministratorIssuesATokenThatWorksUntilRevoked() {
        Map<String, Object> issued = asAdmin().post().uri("/api/tokens")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "CRM " + UUID.randomUUID()))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody();
        String secret = (String) issued.get("secret");
        Number id = (Number) ((Map<?, ?>) issued.get("token")).get("id");
        assertThat(secret).startsWith("yt_").hasSizeGreaterThan(40);

        web.get().uri("/api/me").headers(h -> h.setBearerAuth(secret)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.roles[0]").isEqualTo("INTEGRATION");
        web.get().uri("/api/tokens").headers(h -> h.setBearerAuth(secret)).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        asAdmin().get().uri("/api/tokens").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(list -> assertThat(list).doesNotContain(secret));

        asAdmin().delete().uri("/api/tokens/" + id).exchange().expectStatus().isNoContent();
        web.get().uri("/api/me").headers(h -> h.setBearerAuth(secret)).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        asAdmin().delete().uri("/api/tokens/" + id).exchange().expectStatus().isNotFound();
        assertThat(database.sql("select count(*) as n from gateway.api_token where token_hash = :s")
                .bind("s", secret).map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(5)))
                .as("only the hash is stored").isZero();
    }

    @Test
    void aMarketerIsRefusedStaffAdministration() {
        String username = "marketer-" + UUID.randomUUID().toString().substring(0, 8);
        asAdmin().post().uri("/api/staff-users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "displayName", "市场部 李雷", "password", "a-long-password-1",
                        "roles", List.of("MARKETER")))
                .exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.roles[0]").isEqualTo("MARKETER").jsonPath("$.password").doesNotExist();
        WebTestClient marketer = web.mutate().defaultHeaders(h -> h.setBasicAuth(username, "a-long-password-1")).build();

        marketer.get().uri("/api/me").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.name").isEqualTo(username).jsonPath("$.roles[0]").isEqualTo("MARKETER");
        marketer.post().uri("/api/tokens").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "mine"))
                .exchange().expectStatus().isForbidden();
        marketer.get().uri("/api/tokens").exchange().expectStatus().isForbidden();
        marketer.post().uri("/api/staff-users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "x", "displayName", "x", "password", "xxxxxxxxxxxx", "roles", List.of("ADMIN")))
                .exchange().expectStatus().isForbidden();
        String hash = database.sql("select password_hash from gateway.staff_user where username = :u").bind("u", username)
                .map(row -> row.get("password_hash", String.class)).one().block(Duration.ofSeconds(5));
        assertThat(hash).startsWith("{bcrypt}").doesNotContain("a-long-password-1");
    }

    @Test
    void refusesWrongPasswordsMissingCredentialsAndH5Visitors() {
        web.get().uri("/api/me").headers(h -> h.setBasicAuth("admin", "wrong-password")).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/api/me").exchange().expectStatus().isUnauthorized();
        web.get().uri("/api/me").cookie("YUTANG_SESSION", "a-visitors-session").exchange().expectStatus().isUnauthorized();
        web.get().uri("/api/me").headers(h -> h.setBearerAuth("yt_made-up")).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void explainsBadStaffRequests() {
        asAdmin().post().uri("/api/staff-users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "bad name!", "displayName", "", "password", "short", "roles", List.of()))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors.length()").isEqualTo(4);
        asAdmin().post().uri("/api/staff-users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "admin", "displayName", "again", "password", "another-password",
                        "roles", List.of("MARKETER")))
                .exchange()
                .expectStatus().isEqualTo(409);
        asAdmin().post().uri("/api/staff-users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "robot", "displayName", "robot", "password", "another-password",
                        "roles", List.of("INTEGRATION")))
                .exchange()
                .expectStatus().isEqualTo(422);
    }

    private WebTestClient asAdmin() {
        return StaffClients.admin(web);
    }
}

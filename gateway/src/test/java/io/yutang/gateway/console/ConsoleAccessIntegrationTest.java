package io.yutang.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.StaffClients;
import io.yutang.gateway.TestAccount;
import io.yutang.gateway.YutangIntegrationTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The console's door and its role checks, page by page: who is sent to the sign-in page, who gets a
 * refusal page, what the session may do on the API, lock-out, sign-out and a change of password.
 */
@YutangIntegrationTest
class ConsoleAccessIntegrationTest {

    static final String COOKIE = "YUTANG_SESSION";
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    static final List<String> MARKETER_PAGES = List.of("/console", "/console/campaigns", "/console/campaigns/new",
            "/console/sharers", "/console/poster-templates", "/console/events", "/console/events/new", "/console/content",
            "/console/assets/new", "/console/articles/new", "/console/leads", "/console/scoring", "/console/password");

    @Autowired
    WebTestClient web;

    /** A signed-in browser: its session cookie and the CSRF token its pages carry. */
    record Session(String cookie, String csrf) {
    }

    @Test
    void aVisitorNotSignedInIsSentToTheSignInPageInChinese() {
        for (String page : List.of("/console", "/console/campaigns", "/console/staff")) {
            web.get().uri(page).exchange().expectStatus().isFound()
                    .expectHeader().value(HttpHeaders.LOCATION, location -> assertThat(location).endsWith("/console/sign-in"));
        }
        web.get().uri("/console/sign-in").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).value(html -> assertThat(html).contains("登录控制台").contains("用户名").contains("name=\"_csrf\""));
        web.get().uri("/console/sign-in").header(HttpHeaders.ACCEPT_LANGUAGE, "en-US,en;q=0.9").exchange().expectStatus().isOk()
                .expectBody(String.class).value(html -> assertThat(html).contains("Sign in to the console"));
    }

    @Test
    void aMarketerOpensEveryPageButStaffWhichSaysWhy() {
        String marketer = newMarketer();
        Session session = signIn(marketer, MARKETER_PASSWORD);
        for (String page : MARKETER_PAGES) {
            web.get().uri(page).cookie(COOKIE, session.cookie()).exchange()
                    .expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                    .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
                    .expectBody(String.class).value(html -> assertThat(html).as(page)
                            .contains(marketer).contains("推广活动").doesNotContain("员工与令牌"));
        }
        for (String adminPage : List.of("/console/staff", "/console/webhooks", "/console/audit")) {
            web.get().uri(adminPage).cookie(COOKIE, session.cookie()).exchange()
                    .expectStatus().isForbidden()
                    .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                    .expectBody(String.class).value(html -> assertThat(html).contains("无权访问").contains("只对管理员开放"));
        }
        web.get().uri("/api/campaigns").cookie(COOKIE, session.cookie()).exchange().expectStatus().isOk();
        web.get().uri("/api/tokens").cookie(COOKIE, session.cookie()).exchange().expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void anAdministratorSeesStaffAndTokens() {
        Session session = signIn("admin", TestAccount.ADMIN_PASSWORD);
        web.get().uri("/console/staff").cookie(COOKIE, session.cookie()).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(html -> assertThat(html).contains("员工与令牌").contains("API 令牌"));
        web.get().uri("/console/webhooks").cookie(COOKIE, session.cookie()).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(html -> assertThat(html).contains("投递记录").contains("添加端点"));
        web.get().uri("/console/audit").cookie(COOKIE, session.cookie()).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(html -> assertThat(html).contains("审计日志").contains("导出参会名单")
                        .contains("/api/audit?"));
        web.get().uri("/console/audit").cookie(COOKIE, session.cookie()).header(HttpHeaders.ACCEPT_LANGUAGE, "en").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(html -> assertThat(html).contains("Audit log").contains("Attendees exported")
                        .doesNotContain("审计日志"));
        web.get().uri("/api/staff-users").cookie(COOKIE, session.cookie()).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$[0].username").isEqualTo("admin").jsonPath("$[0].passwordHash").doesNotExist();
    }

    @Test
    void aChangeThroughTheSessionNeedsItsCsrfTokenAndOneWithCredentialsDoesNot() {
        Session session = signIn(newMarketer(), MARKETER_PASSWORD);
        Map<String, Object> campaign = Map.of("name", "控制台新建活动", "targetKind", "FOLLOW", "startsAt", Instant.now().toString());
        web.post().uri("/api/campaigns").cookie(COOKIE, session.cookie()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(campaign).exchange()
                .expectStatus().isForbidden();
        web.post().uri("/api/campaigns").cookie(COOKIE, session.cookie()).header("X-CSRF-TOKEN", session.csrf())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(campaign).exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.name").isEqualTo("控制台新建活动");
        StaffClients.admin(web).post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON).bodyValue(campaign).exchange()
                .expectStatus().isCreated();
        web.post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON).bodyValue(campaign).exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void fiveWrongPasswordsLockTheUsernameForPageAndApiButNobodyElse() {
        String marketer = newMarketer();
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(postSignIn(marketer, "not-the-password", anonymousCsrf()).getResponseHeaders().getLocation())
                    .hasToString("/console/sign-in?error=wrong");
        }
        assertThat(postSignIn(marketer, MARKETER_PASSWORD, anonymousCsrf()).getResponseHeaders().getLocation())
                .as("the right password no longer opens it").hasToString("/console/sign-in?error=locked");
        web.get().uri("/api/me").headers(h -> h.setBasicAuth(marketer, MARKETER_PASSWORD)).exchange()
                .expectStatus().isUnauthorized();
        web.get().uri("/console/sign-in?error=locked").exchange().expectStatus().isOk()
                .expectBody(String.class).value(html -> assertThat(html).contains("锁定 15 分钟"));
        StaffClients.admin(web).get().uri("/api/me").exchange().expectStatus().isOk();
    }

    @Test
    void signingOutEndsTheSession() {
        Session session = signIn(newMarketer(), MARKETER_PASSWORD);
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("_csrf", session.csrf());
        web.post().uri("/console/sign-out").cookie(COOKIE, session.cookie()).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form)).exchange()
                .expectStatus().isFound()
                .expectHeader().valueEquals(HttpHeaders.LOCATION, "/console/sign-in?signed-out");
        web.get().uri("/console").cookie(COOKIE, session.cookie()).exchange().expectStatus().isFound();
        web.get().uri("/api/campaigns").cookie(COOKIE, session.cookie()).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aStaffMemberChangesTheirOwnPassword() {
        String marketer = newMarketer();
        Session session = signIn(marketer, MARKETER_PASSWORD);
        web.put().uri("/api/me/password").cookie(COOKIE, session.cookie()).header("X-CSRF-TOKEN", session.csrf())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("currentPassword", "wrong-password-9", "newPassword", "a-new-password-3"))
                .exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo("当前密码不对。");
        web.put().uri("/api/me/password").cookie(COOKIE, session.cookie()).header("X-CSRF-TOKEN", session.csrf())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("currentPassword", MARKETER_PASSWORD, "newPassword", "short"))
                .exchange()
                .expectStatus().isBadRequest();
        web.put().uri("/api/me/password").cookie(COOKIE, session.cookie()).header("X-CSRF-TOKEN", session.csrf())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("currentPassword", MARKETER_PASSWORD, "newPassword", "a-new-password-3"))
                .exchange()
                .expectStatus().isNoContent();
        web.get().uri("/api/me").headers(h -> h.setBasicAuth(marketer, MARKETER_PASSWORD)).exchange().expectStatus().isUnauthorized();
        web.get().uri("/api/me").headers(h -> h.setBasicAuth(marketer, "a-new-password-3")).exchange().expectStatus().isOk();
    }

    @Test
    void aContactsCardIsFoundByIdWithTheNicknameMaskedForAMarketer() {
        Session session = signIn(newMarketer(), MARKETER_PASSWORD);
        web.get().uri("/api/contacts/{id}", Long.MAX_VALUE).cookie(COOKIE, session.cookie()).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("没有这个联系人。");
        web.get().uri("/console/contacts/{id}", Long.MAX_VALUE).cookie(COOKIE, session.cookie()).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(html -> assertThat(html).contains("归因记录"));
    }

    @Test
    void theChartLibraryIsServedFromTheJarForAYear() {
        web.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024)).build()
                .get().uri("/webjars/echarts/5.3.1/dist/echarts.min.js").exchange()
                .expectStatus().isOk()
                .expectHeader().value(HttpHeaders.CACHE_CONTROL, value -> assertThat(value).contains("max-age=31536000").contains("public"))
                .expectBody(String.class).value(js -> assertThat(js).contains("echarts"));
    }

    static final String MARKETER_PASSWORD = "a-long-password-2";

    String newMarketer() {
        String username = "marketer-" + UUID.randomUUID().toString().substring(0, 8);
        StaffClients.admin(web).post().uri("/api/staff-users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "displayName", "市场部 韩梅梅", "password", MARKETER_PASSWORD,
                        "roles", List.of("MARKETER")))
                .exchange().expectStatus().isCreated();
        return username;
    }

    /** Signs in through the page, as a browser does; the session's id changes at sign-in. */
    Session signIn(String username, String password) {
        EntityExchangeResult<byte[]> signedIn = postSignIn(username, password, anonymousCsrf());
        assertThat(signedIn.getResponseHeaders().getLocation()).hasToString("/console");
        String cookie = signedIn.getResponseCookies().getFirst(COOKIE).getValue();
        String page = web.get().uri("/console").cookie(COOKIE, cookie).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return new Session(cookie, csrfOf(page));
    }

    private Session anonymousCsrf() {
        EntityExchangeResult<String> page = web.get().uri("/console/sign-in").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult();
        ResponseCookie cookie = page.getResponseCookies().getFirst(COOKIE);
        return new Session(cookie.getValue(), csrfOf(page.getResponseBody()));
    }

    private EntityExchangeResult<byte[]> postSignIn(String username, String password, Session anonymous) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("username", username);
        form.add("password", password);
        form.add("_csrf", anonymous.csrf());
        return web.post().uri("/console/sign-in").cookie(COOKIE, anonymous.cookie())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(BodyInserters.fromFormData(form))
                .exchange().expectStatus().isFound().expectBody().returnResult();
    }

    private static String csrfOf(String html) {
        Matcher token = CSRF.matcher(html);
        assertThat(token.find()).as("the page carries a CSRF token").isTrue();
        return token.group(1);
    }
}

package io.yutang.gateway.signin;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.TestAccount;
import io.yutang.gateway.YutangIntegrationTest;
import io.yutang.referral.Contact;
import io.yutang.referral.Contacts;
import io.yutang.referral.WeChatUser;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriComponentsBuilder;

@YutangIntegrationTest
class H5SignInIntegrationTest {

    @Autowired
    WebTestClient web;

    @Autowired
    Contacts contacts;

    @Test
    void sendsTheBrowserToWeChatsAuthorizePageWithAStateBoundToIt() {
        EntityExchangeResult<Void> started = start("userinfo", "/live/42?from=poster");
        URI authorize = started.getResponseHeaders().getLocation();

        assertThat(authorize.getHost()).isEqualTo("open.weixin.qq.com");
        var query = UriComponentsBuilder.fromUri(authorize).build().getQueryParams();
        assertThat(query.getFirst("appid")).isEqualTo(TestAccount.APP_ID);
        assertThat(query.getFirst("scope")).isEqualTo("snsapi_userinfo");
        assertThat(query.getFirst("state")).matches("[A-Za-z0-9]{32}");
        assertThat(authorize.toString()).endsWith("#wechat_redirect");
        assertThat(stateCookie(started).getValue()).isEqualTo(query.getFirst("state"));
        assertThat(stateCookie(started).isHttpOnly()).isTrue();
    }

    @Test
    void signsTheUserInRecordsTheContactAndReturnsToThePage() {
        String openid = "o-signin-" + UUID.randomUUID().toString().substring(0, 8);
        EntityExchangeResult<Void> started = start("userinfo", "/live/42?from=poster");

        EntityExchangeResult<Void> back = callback(openid + ".c1", state(started), stateCookie(started).getValue())
                .expectStatus().isFound()
                .expectBody().isEmpty();

        assertThat(back.getResponseHeaders().getLocation()).hasToString("/live/42?from=poster");
        ResponseCookie session = back.getResponseCookies().getFirst("YUTANG_SESSION");
        assertThat(session).isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Lax");

        web.get().uri("/wechat/oauth/viewer").cookie("YUTANG_SESSION", session.getValue())
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.openid").isEqualTo(openid)
                .jsonPath("$.nickname").isEqualTo("张小明");
        Contact contact = contacts.find(new WeChatUser(TestAccount.APP_ID, openid)).block(Duration.ofSeconds(5));
        assertThat(contact.unionid()).isEqualTo("union-" + openid);
        assertThat(contact.avatarUrl()).contains(openid);
    }

    @Test
    void refusesTheViewerEndpointWithoutASession() {
        web.get().uri("/wechat/oauth/viewer").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void refusesACodeUsedTwice() {
        String code = "o-reuse-" + UUID.randomUUID().toString().substring(0, 8) + ".c1";
        EntityExchangeResult<Void> first = start("base", "/");
        callback(code, state(first), stateCookie(first).getValue()).expectStatus().isFound();

        EntityExchangeResult<Void> second = start("base", "/");
        callback(code, state(second), stateCookie(second).getValue())
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("该授权码已被使用，请重新打开页面。");
    }

    @Test
    void refusesATamperedForeignOrSpentState() {
        EntityExchangeResult<Void> started = start("base", "/");
        String state = state(started);

        callback("o-x.1", state, "someone-elses-state").expectStatus().isForbidden();
        callback("o-x.2", state.substring(1) + "A", state.substring(1) + "A").expectStatus().isForbidden();
        callback("o-x.3", state, state).expectStatus().isFound();
        callback("o-x.4", state, state).expectStatus().isForbidden();
    }

    @Test
    void refusesACodeWeChatRejects() {
        EntityExchangeResult<Void> started = start("base", "/");
        callback("expired-code", state(started), stateCookie(started).getValue())
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("微信拒绝"));
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void theLogLineOfAFailedWeChatCallCarriesTheRequestsId(CapturedOutput log) {
        EntityExchangeResult<Void> started = start("base", "/");
        web.get().uri(builder -> builder.path("/wechat/oauth/callback")
                        .queryParam("code", "expired-code-" + UUID.randomUUID()).queryParam("state", state(started)).build())
                .cookie(H5SignIn.STATE_COOKIE, stateCookie(started).getValue())
                .header("X-Request-Id", "sign-in-request-0042")
                .exchange()
                .expectStatus().isBadRequest();
        // The call ran on the WeChat scheduler's thread; the MDC came with the request through Reactor's context.
        assertThat(log.getAll().lines().filter(line -> line.contains("WeChat call failed")))
                .anySatisfy(line -> assertThat(line).contains("[sign-in-request-0042]").contains("wechat-call-"));
    }

    @Test
    void refusesACodeThatIsNotShapedLikeWeChatsWithoutAskingWeChat() {
        for (String code : new String[] {"a b", "x&appid=other", "%00", "code#frag", "c".repeat(200), "代码"}) {
            EntityExchangeResult<Void> started = start("base", "/");
            callback(code, state(started), stateCookie(started).getValue())
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").isEqualTo("授权码格式不对（不是微信给出的授权码），请重新打开页面。");
        }
    }

    @Test
    void neverRedirectsOffSite() {
        for (String target : new String[] {"//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "live"}) {
            web.get().uri(builder -> builder.path("/wechat/oauth/start").queryParam("return", target).build())
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        web.get().uri("/wechat/oauth/start?scope=everything").exchange().expectStatus().isBadRequest();
    }

    private EntityExchangeResult<Void> start(String scope, String returnPath) {
        return web.get().uri(builder -> builder.path("/wechat/oauth/start")
                        .queryParam("scope", scope).queryParam("return", returnPath).build())
                .exchange()
                .expectStatus().isFound()
                .expectBody().isEmpty();
    }

    private WebTestClient.ResponseSpec callback(String code, String state, String cookie) {
        return web.get().uri(builder -> builder.path("/wechat/oauth/callback")
                        .queryParam("code", code).queryParam("state", state).build())
                .cookie(H5SignIn.STATE_COOKIE, cookie)
                .exchange();
    }

    private static String state(EntityExchangeResult<Void> started) {
        return UriComponentsBuilder.fromUri(started.getResponseHeaders().getLocation()).build()
                .getQueryParams().getFirst("state");
    }

    private static ResponseCookie stateCookie(EntityExchangeResult<Void> started) {
        return started.getResponseCookies().getFirst(H5SignIn.STATE_COOKIE);
    }
}

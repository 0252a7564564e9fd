package io.yutang.gateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.YutangApplication;
import io.yutang.gateway.OwnNettyResources;
import io.yutang.gateway.wechat.WeChatCalls;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateData;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateMessage;
import io.yutang.gateway.TestAccount;
import io.yutang.referral.testing.TestStores;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import org.springframework.web.util.UriComponentsBuilder;

/** With no service account configured, a person plays WeChat and a prospect end to end. */
class SandboxIntegrationTest {

    static ConfigurableApplicationContext app;
    static WebTestClient web;

    @BeforeAll
    static void startInSandboxMode() {
        app = new SpringApplicationBuilder(YutangApplication.class, OwnNettyResources.class).run(
                "--server.port=0",
                "--yutang.admin.password=" + TestAccount.ADMIN_PASSWORD,
                "--yutang.database.url=" + TestStores.database().url(),
                "--yutang.redis.url=" + TestStores.redis().url(),
                "--yutang.redis.key-prefix=" + TestStores.redisKeyPrefix() + "sandbox:",
                "--yutang.rate-limits.factor=1000",
                "--yutang.wechat.secret=",
                "--yutang.wechat.app-id=",
                "--yutang.referral.profile-fetch-poll-interval=200ms");
        web = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aProspectScansFollowsAndIsRemembered() {
        String openid = "o-sandbox-" + UUID.randomUUID().toString().substring(0, 8);

        web.post().uri("/sandbox/api/actions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", "SCAN", "openid", openid, "scene", "c1-r1"))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo(200)
                .jsonPath("$.pushedXml").value(xml -> assertThat(xml.toString()).contains("qrscene_c1-r1"))
                .jsonPath("$.reply").value(reply -> assertThat(reply.toString()).contains("感谢关注"));

        Map<?, ?> contact = Flux.interval(Duration.ofMillis(150)).onBackpressureDrop()
                .onBackpressureDrop()
                .publishOn(Schedulers.boundedElastic(), 1)
                .map(i -> web.get().uri("/sandbox/api/contacts/" + openid).exchange()
                        .expectStatus().isOk()
                        .expectBody(Map.class).returnResult().getResponseBody())
                .filter(view -> view.get("unionid") != null)
                .blockFirst(Duration.ofSeconds(15));
        assertThat(contact.get("subscribed")).isEqualTo(true);
        assertThat(contact.get("unionid")).isEqualTo("union-" + openid);
        assertThat(contact.get("qrSceneStr")).isEqualTo("c1-r1");

        web.post().uri("/sandbox/api/actions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", "SCAN", "openid", openid, "scene", "c1-r2"))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.pushedXml").value(xml -> assertThat(xml.toString())
                        .contains("<Event><![CDATA[SCAN]]></Event>").contains("<EventKey><![CDATA[c1-r2]]>"))
                .jsonPath("$.reply").isEqualTo("success");

        web.get().uri("/sandbox/api/events?openid=" + openid).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[0].event").isEqualTo("SCAN")
                .jsonPath("$[1].event").isEqualTo("subscribe")
                .jsonPath("$[1].eventKey").isEqualTo("qrscene_c1-r1");
    }

    @Test
    void aProspectAcceptsTheOneTimeSubscriptionAPageOffered() {
        String openid = "o-sandbox-" + UUID.randomUUID().toString().substring(0, 8);
        web.post().uri("/sandbox/api/actions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", "ACCEPT_SUBSCRIPTION", "openid", openid, "templateId", "tmpl-live-subscribe"))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.pushedXml").value(xml -> assertThat((String) xml).contains("subscribe_msg_popup_event")
                        .contains("tmpl-live-subscribe").contains("accept"));
        Flux.interval(Duration.ofMillis(50)).onBackpressureDrop()
                .concatMap(tick -> app.getBean(DatabaseClient.class)
                        .sql("select count(*) as n from gateway.subscription_grant where openid = :o and accepted and consumed_at is null")
                        .bind("o", openid).map(row -> row.get("n", Long.class)).one())
                .filter(grants -> grants == 1)
                .blockFirst(Duration.ofSeconds(10));
    }

    @Test
    void anIncompleteActionIsRefusedFieldByField() {
        web.post().uri("/sandbox/api/actions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", "SCAN", "openid", "o bad id"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'openid')]").exists()
                .jsonPath("$.errors[?(@.field == 'complete')].message").isEqualTo(
                        "此操作缺少必填内容：扫码需要场景值，发消息需要文字，点菜单需要菜单 key，接受订阅需要模板 ID。");
    }

    @Test
    void signsInThroughTheSandboxsAuthorizePage() {
        var started = web.get().uri("/wechat/oauth/start?scope=userinfo&return=/live/1").exchange()
                .expectStatus().isFound().expectBody().isEmpty();
        String authorize = started.getResponseHeaders().getLocation().toString();
        assertThat(authorize).startsWith("/sandbox/open/connect/oauth2/authorize?");
        String state = UriComponentsBuilder.fromUriString(authorize).build().getQueryParams().getFirst("state");

        web.get().uri(served(authorize)).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(html -> assertThat(html).contains("申请获取你的昵称和头像").contains("允许"));

        var back = web.get().uri("/wechat/oauth/callback?code=o-sbx-bob.1f2e&state=" + state)
                .cookie("YUTANG_SIGNIN_STATE", started.getResponseCookies().getFirst("YUTANG_SIGNIN_STATE").getValue())
                .exchange()
                .expectStatus().isFound().expectBody().isEmpty();
        web.get().uri("/wechat/oauth/viewer")
                .cookie("YUTANG_SESSION", back.getResponseCookies().getFirst("YUTANG_SESSION").getValue())
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.openid").isEqualTo("o-sbx-bob")
                .jsonPath("$.nickname").isEqualTo("沙箱用户 o-sbx-bob");
    }

    @Test
    void theAuthorizePageGivesACodeOnlyToYutangsOwnCallback() {
        var started = web.get().uri("/wechat/oauth/start?scope=base&return=/").exchange()
                .expectStatus().isFound().expectBody().isEmpty();
        String authorize = started.getResponseHeaders().getLocation().toString();
        String callback = UriComponentsBuilder.fromUriString(authorize).build(true).getQueryParams().getFirst("redirect_uri");
        assertThat(java.net.URLDecoder.decode(callback, java.nio.charset.StandardCharsets.UTF_8)).endsWith("/wechat/oauth/callback");

        for (String foreign : new String[] {"javascript://x%0Aalert(document.domain)", "https://evil.example/wechat/oauth/callback",
                "http://localhost:8080/wechat/oauth/callback/../../my", "//evil.example/wechat/oauth/callback", "/my"}) {
            web.get().uri(b -> b.path("/sandbox/open/connect/oauth2/authorize").queryParam("appid", "wx-sandbox")
                            .queryParam("redirect_uri", "{r}").queryParam("state", "s1").queryParam("scope", "snsapi_base")
                            .build(foreign))
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().doesNotExist("Location")
                    .expectBody(String.class).value(html -> assertThat(html).contains("redirect_uri 参数错误")
                            .doesNotContain("location.href").doesNotContain("evil.example").doesNotContain("javascript"));
        }
        web.get().uri(served(authorize)).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(html -> assertThat(html).contains("允许").contains("location.href"));
    }

    /** A location as the browser follows it (WebTestClient's uri(String) would encode its escapes once more). */
    private static java.net.URI served(String location) {
        return java.net.URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + location);
    }

    @Test
    void keepsTheMessagesYutangSendsForInspection() {
        WxMpService wechat = app.getBean(WxMpService.class);
        String openid = "o-outbox-" + UUID.randomUUID().toString().substring(0, 8);
        WxMpTemplateMessage message = WxMpTemplateMessage.builder().toUser(openid).templateId("tpl-reminder")
                .build().addData(new WxMpTemplateData("thing1", "数字化营销公开课"));
        String messageId = app.getBean(WeChatCalls.class)
                .call(() -> wechat.getTemplateMsgService().sendTemplateMsg(message))
                .block(Duration.ofSeconds(10));

        assertThat(messageId).matches("\\d+");
        web.get().uri("/sandbox/api/outbox").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[?(@.body =~ /.*" + openid + ".*/)].url")
                .isEqualTo(List.of("/cgi-bin/message/template/send?access_token=***"));
    }

    @Test
    void servesThePlayerPageInChinese() {
        web.get().uri("/sandbox").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).value(html -> assertThat(html).contains("鱼塘沙箱").contains("扫码")
                        .contains(">接受订阅</button>").doesNotContain("{{").doesNotContain("??"));
    }

    @Test
    void servesThePlayerPageInEnglishWhenTheBrowserAsks() {
        web.get().uri("/sandbox").header(HttpHeaders.ACCEPT_LANGUAGE, "en-US,en;q=0.9").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).value(html -> assertThat(html).contains("yutang sandbox").contains(">Scan</button>")
                        .contains(">Accept subscription</button>").doesNotContain("{{").doesNotContain("??"));
    }
}

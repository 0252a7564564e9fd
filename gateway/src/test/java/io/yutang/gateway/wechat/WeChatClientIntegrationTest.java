package io.yutang.gateway.wechat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.yutang.YutangApplication;
import io.yutang.gateway.OwnNettyResources;
import io.yutang.gateway.FakeWeChat;
import io.yutang.gateway.TestAccount;
import io.yutang.referral.ProfileLookup;
import io.yutang.referral.ProfileLookupsThrottled;
import io.yutang.referral.WeChatProfile;
import io.yutang.referral.WeChatUser;
import io.yutang.referral.testing.TestStores;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import me.chanjar.weixin.mp.api.WxMpService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The WeChat client as two instances behind a load balancer use it, against the fake WeChat. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class WeChatClientIntegrationTest {

    static final String APP_ID = "wxclient" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    static final WireMockServer WECHAT = FakeWeChat.server();
    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;

    @BeforeAll
    static void startTwoInstances() {
        first = start();
        second = start();
    }

    @AfterAll
    static void stopThem() {
        first.close();
        second.close();
    }

    @Test
    @Order(1)
    void twoInstancesFetchTheAccessTokenOnce() {
        List<String> tokens = Flux.range(0, 16)
                .parallel(16).runOn(Schedulers.boundedElastic())
                .map(i -> token(i % 2 == 0 ? first : second))
                .sequential().collectList().block(Duration.ofSeconds(30));

        assertThat(tokens).hasSize(16).containsOnly("test-access-token");
        WECHAT.verify(1, postRequestedFor(urlPathEqualTo("/cgi-bin/stable_token"))
                .withRequestBody(containing(APP_ID)));
    }

    @Test
    void retriesWhenWeChatIsBusyOrRateLimitsWithoutBlockingTheCaller() {
        String openid = "o-busy-" + UUID.randomUUID();
        String scenario = "busy-" + openid;
        WECHAT.stubFor(userInfo(openid).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json("{\"errcode\":-1,\"errmsg\":\"system error\"}")).willSetStateTo("rate"));
        WECHAT.stubFor(userInfo(openid).inScenario(scenario).whenScenarioStateIs("rate")
                .willReturn(json("{\"errcode\":45009,\"errmsg\":\"reach max api daily quota limit\"}"))
                .willSetStateTo("ok"));
        WECHAT.stubFor(userInfo(openid).inScenario(scenario).whenScenarioStateIs("ok")
                .willReturn(json("{\"subscribe\":1,\"openid\":\"" + openid + "\",\"unionid\":\"u-1\"}")));

        StepVerifier.create(lookup().lookUp(new WeChatUser(APP_ID, openid)))
                .expectNext(new WeChatProfile(true, "u-1", null, null))
                .verifyComplete();
        WECHAT.verify(3, getRequestedFor(urlPathEqualTo("/cgi-bin/user/info")).withQueryParam("openid", equalTo(openid)));
    }

    @Test
    @Order(2)
    void anExpiredTokenIsRefreshedOnceAndTheCallRetried() {
        String openid = "o-expired-" + UUID.randomUUID();
        String scenario = "expired-" + openid;
        WECHAT.stubFor(userInfo(openid).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json("{\"errcode\":40001,\"errmsg\":\"invalid credential, access_token is invalid\"}"))
                .willSetStateTo("refreshed"));
        WECHAT.stubFor(userInfo(openid).inScenario(scenario).whenScenarioStateIs("refreshed")
                .willReturn(json("{\"subscribe\":0,\"openid\":\"" + openid + "\"}")));
        int tokensBefore = tokenFetches();

        StepVerifier.create(lookup().lookUp(new WeChatUser(APP_ID, openid)))
                .expectNext(new WeChatProfile(false, null, null, null))
                .verifyComplete();
        assertThat(tokenFetches()).isEqualTo(tokensBefore + 1);
    }

    @Test
    void failuresAreLoggedWithoutTheAccessToken(CapturedOutput output) {
        String broken = "o-logged-" + UUID.randomUUID();
        WECHAT.stubFor(userInfo(broken).willReturn(json("{\"errcode\":48001,\"errmsg\":\"api unauthorized\"}")));

        StepVerifier.create(lookup().lookUp(new WeChatUser(APP_ID, broken))).expectError().verify(Duration.ofSeconds(10));
        assertThat(output).contains("WeChat call failed: errcode 48001").doesNotContain("test-access-token");
    }

    @Test
    void anUnknownOpenidIsAbsentButAnOutageIsAnError() {
        String unknown = "o-unknown-" + UUID.randomUUID();
        String broken = "o-broken-" + UUID.randomUUID();
        WECHAT.stubFor(userInfo(unknown).willReturn(json("{\"errcode\":40003,\"errmsg\":\"invalid openid\"}")));
        WECHAT.stubFor(userInfo(broken).willReturn(aResponse().withStatus(502).withBody("bad gateway")));

        StepVerifier.create(lookup().lookUp(new WeChatUser(APP_ID, unknown))).verifyComplete();
        StepVerifier.create(lookup().lookUp(new WeChatUser(APP_ID, broken))).expectError().verify(Duration.ofSeconds(10));
    }

    @Test
    void aBatchWithAnOpenidWeChatRejectsIsHalvedUntilThatOneStandsAloneAndTheOthersAreReturned() {
        String prefix = "o-batch-" + UUID.randomUUID();
        List<WeChatUser> users = List.of(new WeChatUser(APP_ID, prefix + "-a"), new WeChatUser(APP_ID, prefix + "-b"),
                new WeChatUser(APP_ID, prefix + "-invalid"), new WeChatUser(APP_ID, prefix + "-c"));
        WECHAT.stubFor(post(urlPathEqualTo("/cgi-bin/user/info/batchget")).withRequestBody(containing(prefix + "-invalid"))
                .atPriority(1).willReturn(json("{\"errcode\":40003,\"errmsg\":\"invalid openid\"}")));

        StepVerifier.create(lookup().lookUpAll(users))
                .assertNext(profiles -> {
                    assertThat(profiles).containsOnlyKeys(users.get(0), users.get(1), users.get(3));
                    assertThat(profiles.get(users.get(3))).isEqualTo(
                            new WeChatProfile(true, "union-" + prefix + "-c", "ADD_SCENE_QR_CODE", "scene-of-" + prefix + "-c"));
                })
                .verifyComplete();
        assertThat(WECHAT.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/user/info/batchget"))
                .withRequestBody(containing(prefix)))).as("4, then 2 + 2, then 1 + 1").hasSize(5);
    }

    @Test
    void aQuotaRefusalOfABatchIsHandedBackAtOnce() {
        String openid = "o-quota-" + UUID.randomUUID();
        WECHAT.stubFor(post(urlPathEqualTo("/cgi-bin/user/info/batchget")).withRequestBody(containing(openid))
                .atPriority(1).willReturn(json("{\"errcode\":45011,\"errmsg\":\"api minute-quota reach limit\"}")));

        StepVerifier.create(lookup().lookUpAll(List.of(new WeChatUser(APP_ID, openid))))
                .expectError(ProfileLookupsThrottled.class)
                .verify(Duration.ofSeconds(10));
        assertThat(WECHAT.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/user/info/batchget"))
                .withRequestBody(containing(openid)))).as("not retried").hasSize(1);
    }

    @Test
    void aBatchWeChatStaysBusyForThroughTheQuickRetriesIsHandedBackAsThrottled() {
        String openid = "o-busy-" + UUID.randomUUID();
        WECHAT.stubFor(post(urlPathEqualTo("/cgi-bin/user/info/batchget")).withRequestBody(containing(openid))
                .atPriority(1).willReturn(json("{\"errcode\":-1,\"errmsg\":\"system error\"}")));

        StepVerifier.create(lookup().lookUpAll(List.of(new WeChatUser(APP_ID, openid))))
                .expectError(ProfileLookupsThrottled.class)
                .verify(Duration.ofSeconds(10));
        assertThat(WECHAT.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/user/info/batchget"))
                .withRequestBody(containing(openid)))).as("the call and its three quick retries").hasSize(4);
    }

    private static int tokenFetches() {
        return WECHAT.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/stable_token"))
                .withRequestBody(containing(APP_ID))).size();
    }

    private static ProfileLookup lookup() {
        return first.getBean(ProfileLookup.class);
    }

    private static String token(ConfigurableApplicationContext app) {
        WxMpService wechat = app.getBean(WxMpService.class);
        return Mono.fromCallable(wechat::getAccessToken).block(Duration.ofSeconds(10));
    }

    private static MappingBuilder userInfo(String openid) {
        return get(urlPathEqualTo("/cgi-bin/user/info")).withQueryParam("openid", equalTo(openid)).atPriority(1);
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(YutangApplication.class, OwnNettyResources.class).run(
                "--server.port=0",
                "--yutang.admin.password=" + TestAccount.ADMIN_PASSWORD,
                "--yutang.database.url=" + TestStores.database().url(),
                "--yutang.redis.url=" + TestStores.redis().url(),
                "--yutang.redis.key-prefix=" + TestStores.redisKeyPrefix() + "client:",
                "--yutang.wechat.api-host=" + FakeWeChat.baseUrl(),
                "--yutang.wechat.app-id=" + APP_ID,
                "--yutang.wechat.secret=" + TestAccount.SECRET,
                "--yutang.wechat.token=" + TestAccount.TOKEN,
                "--yutang.wechat.aes-key=" + TestAccount.AES_KEY);
    }
}

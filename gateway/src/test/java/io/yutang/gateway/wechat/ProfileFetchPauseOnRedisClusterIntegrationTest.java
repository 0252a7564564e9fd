package io.yutang.gateway.wechat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.yutang.gateway.FakeWeChat;
import io.yutang.gateway.OnRedisCluster;
import io.yutang.gateway.TestAccount;
import io.yutang.gateway.YutangIntegrationTest;
import io.yutang.referral.Contact;
import io.yutang.referral.Contacts;
import io.yutang.referral.WeChatUser;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The profile-fetch pause on a three-master Redis Cluster: the script that begins it touches two
 * keys, which share the account's hash tag, so the pause is kept in Redis for every instance (not
 * refused as CROSSSLOT and kept by this instance alone), and the follower's profile is fetched
 * once it is over.
 */
@OnRedisCluster
@YutangIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "yutang.referral.profile-fetch-quota-backoff=1s")
class ProfileFetchPauseOnRedisClusterIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    Contacts contacts;

    @Test
    void aQuotaRefusalPausesFetchesForEveryInstanceThroughTheClusterAndTheProfileComesAfterwards(CapturedOutput output) {
        String openid = "o-cluster-pause-" + UUID.randomUUID().toString().substring(0, 8);
        String scenario = "cluster-quota-" + openid;
        FakeWeChat.server().stubFor(post(urlPathEqualTo("/cgi-bin/user/info/batchget")).withRequestBody(containing(openid))
                .atPriority(1).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"errcode\":45009,\"errmsg\":\"reach max api daily quota limit\"}"))
                .willSetStateTo("quota renewed"));
        WeChatUser user = new WeChatUser(TestAccount.APP_ID, openid);

        contacts.followed(user, Instant.now()).block(WAIT);

        Contact fetched = Flux.interval(Duration.ofMillis(100)).onBackpressureDrop()
                .publishOn(Schedulers.boundedElastic(), 1)
                .concatMap(tick -> contacts.find(user).flux())
                .filter(contact -> contact.unionid() != null)
                .blockFirst(WAIT);
        assertThat(fetched).as("the profile, fetched after the pause").isNotNull();
        assertThat(fetched.unionid()).isEqualTo("union-" + openid);
        assertThat(output.getAll()).as("the pause began in Redis, for every instance")
                .contains("Profile fetches paused for PT1S on every instance")
                .doesNotContain("on this instance (Redis unavailable");
    }
}

package io.yutang.gateway.stores;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.FakeWeChat;
import io.yutang.gateway.OnRedisCluster;
import io.yutang.gateway.TestAccount;
import io.yutang.gateway.ThreeMasterRedisCluster;
import io.yutang.gateway.YutangIntegrationTest;
import io.yutang.gateway.signin.H5Visitor;
import io.yutang.referral.testing.TestStores;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import me.chanjar.weixin.mp.api.WxMpService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The app on a real three-master Redis Cluster, configured with {@code YUTANG_REDIS_URL=redis-cluster://…}:
 * it talks to the cluster (not to one node), what it keeps spreads over every master (and one SCAN,
 * as erasure makes, finds it on every master), and the
 * access token is still fetched once however many callers need it at the same time. The other
 * journeys run on the cluster in the {@code *OnRedisClusterIntegrationTest} classes.
 */
@OnRedisCluster
@YutangIntegrationTest
class RedisClusterIntegrationTest {

    @Autowired
    WebTestClient web;

    @Autowired
    LettuceConnectionFactory redis;

    @Autowired
    WxMpService wechat;

    @Test
    void theAppTalksToTheClusterItWasGiven() {
        assertThat(System.getProperty(ThreeMasterRedisCluster.URL_PROPERTY)).startsWith("redis-cluster://");
        assertThat(redis.getClusterConfiguration()).as("a cluster connection, not one node's").isNotNull();
        assertThat(redis.getClusterConfiguration().getClusterNodes()).hasSize(3);
        web.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.components.redis.status").isEqualTo("UP");
    }

    @Test
    void sessionsSpreadOverEveryMasterAndEachStillServesItsVisitor() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> sessions = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            String openid = "o-cluster-" + run + "-" + i;
            sessions.put(openid, H5Visitor.signIn(web, openid));
        }

        ThreeMasterRedisCluster.Cluster cluster = cluster();
        for (int port : cluster.ports()) {
            List<String> held = sessions.values().stream()
                    .filter(id -> cluster.cli(port, "exists", TestStores.redisKeyPrefix() + "session:sessions:" + id).trim().equals("1"))
                    .toList();
            assertThat(held).as("sessions kept by the master on port %d", port).isNotEmpty();
        }
        // What erasure relies on: one SCAN through the app's connection finds the keys of every master.
        List<String> scanned = redisTemplate().scan(ScanOptions.scanOptions()
                        .match(TestStores.redisKeyPrefix() + "session:sessions:*").count(1000).build())
                .collectList().block(Duration.ofSeconds(30));
        assertThat(scanned).as("session keys one SCAN found")
                .containsAll(sessions.values().stream().map(id -> TestStores.redisKeyPrefix() + "session:sessions:" + id).toList());
        sessions.forEach((openid, session) -> web.get().uri("/wechat/oauth/viewer").cookie("YUTANG_SESSION", session)
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.openid").isEqualTo(openid));
    }

    @Test
    void sixteenCallersAtOnceFetchAnExpiredAccessTokenOnce() {
        wechat.getWxMpConfigStorage().expireAccessToken();
        int before = tokenFetches();

        List<String> tokens = Flux.range(0, 16)
                .parallel(16).runOn(Schedulers.boundedElastic())
                .map(i -> Mono.fromCallable(wechat::getAccessToken).block(Duration.ofSeconds(20)))
                .sequential().collectList().block(Duration.ofSeconds(60));

        assertThat(tokens).hasSize(16).containsOnly("test-access-token");
        assertThat(tokenFetches() - before).as("stable_token requests for the 16 callers").isEqualTo(1);
    }

    private ReactiveStringRedisTemplate redisTemplate() {
        return new ReactiveStringRedisTemplate(redis);
    }

    private static int tokenFetches() {
        return FakeWeChat.server().findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/stable_token"))
                .withRequestBody(containing(TestAccount.APP_ID))).size();
    }

    private static ThreeMasterRedisCluster.Cluster cluster() {
        return ThreeMasterRedisCluster.running();
    }
}

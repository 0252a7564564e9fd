package io.yutang.gateway.signin;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.YutangApplication;
import io.yutang.gateway.FakeWeChat;
import io.yutang.gateway.OwnNettyResources;
import io.yutang.gateway.TestAccount;
import io.yutang.referral.testing.TestStores;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import redis.clients.jedis.Jedis;
import redis.embedded.RedisServer;

/**
 * When Redis is too slow to answer a session read within its 2-second timeout, the signed-in
 * person gets a clear retryable answer (503 problem+json with Retry-After), not a 500.
 */
class SessionStoreTimeoutIntegrationTest {

    @Test
    void aSessionReadThatTimesOutIsARetryable503() throws IOException {
        int port = freePort();
        // This app, its Redis (paused or stopped below) and its Netty resources are its own: the test context other
        // classes share keeps its connection to the test Redis, which this one must never be.
        assertThat(port).isNotEqualTo(TestStores.redis().port());
        RedisServer redis = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").build();
        redis.start();
        try (ConfigurableApplicationContext app = start(port); Jedis admin = new Jedis("127.0.0.1", port)) {
            WebTestClient web = WebTestClient.bindToServer()
                    .baseUrl("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"))
                    .responseTimeout(Duration.ofSeconds(15)).build();
            String session = H5Visitor.signIn(web, "o-slow-redis-" + UUID.randomUUID().toString().substring(0, 8));
            web.get().uri("/wechat/oauth/viewer").cookie("YUTANG_SESSION", session).exchange().expectStatus().isOk();

            admin.clientPause(4_000);
            web.get().uri("/wechat/oauth/viewer").cookie("YUTANG_SESSION", session).exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals("Retry-After", "5")
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").isEqualTo("服务暂时繁忙（数据存储未及时响应），请稍后重试。");
        } finally {
            redis.stop();
        }
    }

    private static ConfigurableApplicationContext start(int redisPort) {
        return new SpringApplicationBuilder(YutangApplication.class, OwnNettyResources.class).run(
                "--server.port=0",
                "--yutang.admin.password=" + TestAccount.ADMIN_PASSWORD,
                "--yutang.database.url=" + TestStores.database().url(),
                "--yutang.redis.url=redis://127.0.0.1:" + redisPort,
                "--yutang.redis.key-prefix=" + TestStores.redisKeyPrefix() + "slow:",
                "--yutang.wechat.api-host=" + FakeWeChat.baseUrl(),
                "--yutang.wechat.app-id=" + TestAccount.APP_ID,
                "--yutang.wechat.secret=" + TestAccount.SECRET,
                "--yutang.wechat.token=" + TestAccount.TOKEN,
                "--yutang.wechat.aes-key=" + TestAccount.AES_KEY,
                "--yutang.wechat.call-timeout=20s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

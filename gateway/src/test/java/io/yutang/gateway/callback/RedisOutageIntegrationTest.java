package io.yutang.gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.YutangApplication;
import io.yutang.gateway.OwnNettyResources;
import io.yutang.gateway.FakeWeChat;
import io.yutang.gateway.GatewayProperties.EncryptionMode;
import io.yutang.gateway.TestAccount;
import io.yutang.gateway.sandbox.WeChatEvents;
import io.yutang.gateway.sandbox.WeChatServerSide;
import io.yutang.referral.testing.TestStores;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import redis.embedded.RedisServer;

/** With Redis gone, WeChat's callbacks are still accepted, and PostgreSQL still stores each once. */
class RedisOutageIntegrationTest {

    @Test
    void acceptsAndStoresEachEventOnceWhileRedisIsDown() throws IOException {
        int port = freePort();
        // This app, its Redis (paused or stopped below) and its Netty resources are its own: the test context other
        // classes share keeps its connection to the test Redis, which this one must never be.
        assertThat(port).isNotEqualTo(TestStores.redis().port());
        RedisServer redis = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").build();
        redis.start();
        try (ConfigurableApplicationContext app = start(port)) {
            WebTestClient web = WebTestClient.bindToServer()
                    .baseUrl("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"))
                    .responseTimeout(Duration.ofSeconds(10)).build();
            WeChatServerSide wechat = new WeChatServerSide(TestAccount.APP_ID, TestAccount.TOKEN,
                    TestAccount.AES_KEY, EncryptionMode.SAFE);
            String openid = "o-redis-down-" + UUID.randomUUID();
            String event = WeChatEvents.subscribe(TestAccount.GH_ID, openid, 1_900_000_000L, "c9-r1");

            redis.stop();
            for (int delivery = 0; delivery < 4; delivery++) {
                WeChatServerSide.SignedCallback callback = wechat.push(event);
                web.post().uri("/wechat/callback?" + callback.query())
                        .contentType(MediaType.TEXT_XML).bodyValue(callback.body())
                        .exchange()
                        .expectStatus().isOk();
            }

            long stored = app.getBean(DatabaseClient.class)
                    .sql("select count(*) as n from gateway.inbound_event where openid = :openid")
                    .bind("openid", openid)
                    .map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(5));
            assertThat(stored).isEqualTo(1);
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
                "--yutang.redis.key-prefix=" + TestStores.redisKeyPrefix() + "outage:",
                "--yutang.wechat.api-host=" + FakeWeChat.baseUrl(),
                "--yutang.wechat.app-id=" + TestAccount.APP_ID,
                "--yutang.wechat.secret=" + TestAccount.SECRET,
                "--yutang.wechat.token=" + TestAccount.TOKEN,
                "--yutang.wechat.aes-key=" + TestAccount.AES_KEY);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

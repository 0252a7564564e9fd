package io.yutang.gateway.pages;

import io.yutang.YutangApplication;
import io.yutang.gateway.OwnNettyResources;
import io.yutang.gateway.TestAccount;
import io.yutang.referral.testing.TestStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole app in sandbox mode (WeChat faked in-process) on the test stores, at an address known
 * before it starts, so the pages' links, OAuth redirects and JS-SDK signatures point back at it.
 */
record SandboxSite(ConfigurableApplicationContext app, String base) {

    /** Starts the app on a free port, its Redis keys under {@code keyPrefix} within the test stores' prefix. */
    static SandboxSite start(String keyPrefix) {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String base = "http://127.0.0.1:" + port;
        ConfigurableApplicationContext app = new SpringApplicationBuilder(YutangApplication.class, OwnNettyResources.class).run(
                "--server.port=" + port,
                "--yutang.admin.password=" + TestAccount.ADMIN_PASSWORD,
                "--yutang.database.url=" + TestStores.database().url(),
                "--yutang.redis.url=" + TestStores.redis().url(),
                "--yutang.redis.key-prefix=" + TestStores.redisKeyPrefix() + keyPrefix,
                "--yutang.wechat.secret=",
                "--yutang.wechat.app-id=",
                "--yutang.wechat.call-timeout=20s",
                "--yutang.rate-limits.factor=1000",
                "--yutang.wechat.public-base-url=" + base,
                "--yutang.referral.public-base-url=" + base,
                "--yutang.livestream.public-base-url=" + base);
        return new SandboxSite(app, base);
    }

    void stop() {
        app.close();
    }
}

package io.yutang.gateway.bench;

import io.yutang.YutangApplication;
import io.yutang.gateway.TestAccount;
import io.yutang.referral.testing.TestStores;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The whole app in sandbox mode (no AppSecret: WeChat is faked in-process) on the test stores, for the benchmarks that drive it over HTTP. */
final class SandboxApp {

    private SandboxApp() {
    }

    /** Starts the app on a free port, its Redis keys under {@code keyPrefix} within the test stores' prefix. */
    static ConfigurableApplicationContext start(String keyPrefix) {
        return new SpringApplicationBuilder(YutangApplication.class).run(
                "--server.port=0",
                "--logging.level.root=warn",
                "--yutang.admin.password=" + TestAccount.ADMIN_PASSWORD,
                "--yutang.database.url=" + TestStores.database().url(),
                "--yutang.redis.url=" + TestStores.redis().url(),
                "--yutang.redis.key-prefix=" + TestStores.redisKeyPrefix() + keyPrefix,
                "--yutang.wechat.secret=",
                // The load comes from one address; the benchmarks measure throughput, not the abuse limits.
                "--yutang.rate-limits.factor=0");
    }

    /** Where the started app listens. */
    static String base(ConfigurableApplicationContext app) {
        return "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }
}

package io.yutang.gateway;

import io.yutang.referral.testing.TestStores;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Points the app under test at the test stores (the machine's PostgreSQL and Redis, or embedded
 * ones) and at the fake WeChat before Spring starts, the way an operator would: through yutang's
 * own settings.
 */
public class UsesTestStores implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        System.setProperty("yutang.database.url", TestStores.database().url());
        System.setProperty("yutang.database.username", TestStores.database().username());
        System.setProperty("yutang.redis.url", TestStores.redis().url());
        System.setProperty("yutang.redis.key-prefix", TestStores.redisKeyPrefix());
        System.setProperty("yutang.wechat.api-host", FakeWeChat.baseUrl());
        System.setProperty("yutang.admin.password", TestAccount.ADMIN_PASSWORD);
        // Spring keeps several test contexts alive; small pools keep them under PostgreSQL's connection limit.
        System.setProperty("spring.r2dbc.pool.initial-size", "1");
        System.setProperty("spring.r2dbc.pool.max-size", "6");
    }
}

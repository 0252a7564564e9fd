package io.yutang.gateway.stores;

import io.lettuce.core.ClientOptions;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * While Redis is unreachable, commands fail at once instead of queueing until the timeout, so the
 * paths that can do without Redis (callback dedupe falls back to PostgreSQL) stay fast.
 */
@Configuration(proxyBeanMethods = false)
class RedisFailFast {

    @Bean
    LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }
}

package io.yutang.gateway.stores;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * While Redis is unreachable, commands fail at once instead of queueing until the timeout, so the
 * paths that can do without Redis (callback dedupe falls back to PostgreSQL) stay fast; and the
 * connection is tried again at least every second, so yutang is back as soon as Redis is (Lettuce's
 * own backoff grows to 30 s: after a 20 s outage sessions failed for seconds after Redis was up).
 */
@Configuration(proxyBeanMethods = false)
class RedisFailFast {

    static final Duration LONGEST_RECONNECT_DELAY = Duration.ofSeconds(1);

    @Bean
    LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    @Bean
    ClientResourcesBuilderCustomizer reconnectAtLeastEverySecond() {
        return resources -> resources.reconnectDelay(
                Delay.exponential(Duration.ofMillis(10), LONGEST_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS));
    }
}

package io.yutang.gateway.callback;

import io.yutang.gateway.GatewayProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The fast dedupe in front of the database's unique key: the first delivery of an event claims a
 * Redis key (SET NX with a TTL); WeChat's retries find it and skip the store. When Redis does not
 * answer quickly, every delivery goes on and PostgreSQL's unique key decides.
 */
@Component
class Deduplication {

    private static final Logger log = LoggerFactory.getLogger(Deduplication.class);
    private static final Duration REDIS_BUDGET = Duration.ofMillis(250);

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final Duration ttl;

    Deduplication(ReactiveStringRedisTemplate redis, @Value("${yutang.redis.key-prefix:yutang:}") String prefix,
            GatewayProperties properties) {
        this.redis = redis;
        this.prefix = prefix + "wx:dedupe:";
        this.ttl = properties.dedupeTtl();
    }

    /** True unless Redis knows this delivery as a repeat. */
    Mono<Boolean> firstDelivery(String appId, String dedupeKey) {
        return redis.opsForValue().setIfAbsent(prefix + appId + ":" + dedupeKey, "1", ttl)
                .timeout(REDIS_BUDGET)
                .onErrorResume(e -> {
                    log.warn("Redis dedupe unavailable ({}); the database decides", e.toString());
                    return Mono.just(true);
                });
    }
}

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
 * The fast dedupe in front of the database's unique key: once an event is committed, a Redis key
 * says so (SET with a TTL); WeChat's retries find it and skip the store. The key is written only
 * after the commit, never before it: a delivery that claimed the key first and then failed to
 * store (PostgreSQL down, the instance killed) would otherwise make every retry skip an event that
 * was never stored, and WeChat would be told {@code success} for it. When Redis does not answer
 * quickly, every delivery goes on and PostgreSQL's unique key decides.
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

    /** True only when Redis knows this event as committed by an earlier delivery. */
    Mono<Boolean> knownStored(String appId, String dedupeKey) {
        return redis.hasKey(prefix + appId + ":" + dedupeKey)
                .timeout(REDIS_BUDGET)
                .onErrorResume(e -> {
                    log.warn("Redis dedupe unavailable ({}); the database decides", e.toString());
                    return Mono.just(false);
                });
    }

    /** Remembers that the event is committed, for the retries to come. Best effort, off the reply path. */
    void stored(String appId, String dedupeKey) {
        redis.opsForValue().set(prefix + appId + ":" + dedupeKey, "1", ttl)
                .timeout(REDIS_BUDGET)
                .subscribe(ok -> { }, e -> log.debug("Redis dedupe not written ({}); the database still decides", e.toString()));
    }
}

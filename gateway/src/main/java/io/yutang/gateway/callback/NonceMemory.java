package io.yutang.gateway.callback;

import io.yutang.gateway.GatewayProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.commons.codec.digest.DigestUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * In plain and compatible modes a plaintext body is not signed, only the query (signature,
 * timestamp, nonce) is: the first body a signed query carries is remembered in Redis (a digest,
 * SET NX for twice the replay window), so a leaked query cannot carry a second, forged body.
 * WeChat's retries carry the same body and pass. When Redis does not answer quickly the delivery
 * goes on, as {@link Deduplication} does: the callback must still store WeChat's events, and the
 * replay window still bounds what a leaked query is good for.
 */
@Component
class NonceMemory {

    private static final Logger log = LoggerFactory.getLogger(NonceMemory.class);
    private static final Duration REDIS_BUDGET = Duration.ofMillis(250);

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final Duration ttl;

    NonceMemory(ReactiveStringRedisTemplate redis, @Value("${yutang.redis.key-prefix:yutang:}") String prefix,
            GatewayProperties properties) {
        this.redis = redis;
        this.prefix = prefix + "wx:nonce:";
        this.ttl = properties.callbackReplayWindow().multipliedBy(2);
    }

    /** True unless this signed query is known to have carried a different body. */
    Mono<Boolean> firstBodyOf(String appId, CallbackRequest request, String body) {
        String key = prefix + appId + ":" + DigestUtils.sha256Hex(request.signature() + ":" + request.timestamp() + ":" + request.nonce());
        String digest = DigestUtils.sha256Hex(body);
        return redis.opsForValue().setIfAbsent(key, digest, ttl)
                .flatMap(first -> first ? Mono.just(true)
                        : redis.opsForValue().get(key).map(digest::equals).defaultIfEmpty(true))
                .timeout(REDIS_BUDGET)
                .onErrorResume(e -> {
                    log.warn("Redis nonce memory unavailable ({}); the delivery goes on", e.toString());
                    return Mono.just(true);
                });
    }

}

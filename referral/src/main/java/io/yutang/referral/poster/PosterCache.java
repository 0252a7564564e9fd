package io.yutang.referral.poster;

import io.yutang.referral.ReferralProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Rendered posters in Redis, keyed by a digest of everything drawn on them, so any change (new
 * template version, renamed sharer, re-issued QR code) gives a new key and nothing stale is served.
 * Redis being down costs a render, never the poster.
 */
@Component
public class PosterCache {

    private static final Logger log = LoggerFactory.getLogger(PosterCache.class);

    private final ReactiveRedisTemplate<String, byte[]> redis;
    private final String prefix;
    private final Duration ttl;

    PosterCache(ReactiveRedisConnectionFactory connections, ReferralProperties properties,
            @Value("${yutang.redis.key-prefix:yutang:}") String prefix) {
        this.redis = new ReactiveRedisTemplate<>(connections, RedisSerializationContext
                .<String, byte[]>newSerializationContext(RedisSerializer.string())
                .value(RedisSerializer.byteArray())
                .build());
        this.prefix = prefix + "referral:poster:";
        this.ttl = properties.posterCacheTtl();
    }

    /** The key of the sharer's poster drawn from exactly these inputs (nulls count as such). */
    String key(long sharerId, Object... inputs) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (Object input : inputs) {
                if (input == null) {
                    sha256.update((byte) 1);
                } else {
                    sha256.update(String.valueOf(input).getBytes(StandardCharsets.UTF_8));
                }
                sha256.update((byte) 0);
            }
            return prefix + "{" + sharerId + "}:" + HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * Forgets every cached poster of the sharer (their name and avatar are drawn on it); how many there were.
     * A sharer's posters share the hash tag {@code {sharerId}}; keys from before the tag ({@code <sharerId>:})
     * are matched too until their TTL ends them. SCAN visits every master of a Redis Cluster, and each key
     * is deleted on its own, so no command spans slots.
     */
    public Mono<Long> forget(long sharerId) {
        String tagged = prefix + "{" + sharerId + "}:";
        String untagged = prefix + sharerId + ":";
        return redis.scan(ScanOptions.scanOptions().match(prefix + "*" + sharerId + "*").count(500).build())
                .filter(key -> key.startsWith(tagged) || key.startsWith(untagged))
                .concatMap(key -> redis.delete(key))
                .reduce(0L, Long::sum);
    }

    Mono<byte[]> get(String key) {
        return redis.opsForValue().get(key).onErrorResume(e -> {
            log.warn("Poster cache unavailable, rendering instead: {}", e.toString());
            return Mono.empty();
        });
    }

    Mono<Void> put(String key, byte[] png) {
        return redis.opsForValue().set(key, png, ttl).onErrorResume(e -> {
            log.warn("Poster cache unavailable, poster not kept: {}", e.toString());
            return Mono.just(false);
        }).then();
    }
}

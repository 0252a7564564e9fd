package io.yutang.livestream.reminder;

import io.yutang.livestream.LivestreamProperties;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The send rate all instances share: one Redis counter per second; a send that would pass the
 * limit waits for the next second. Without Redis, sends go on (WeChat's own 45009 backs them off).
 */
@Component
class SendRate {

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final int perSecond;
    private final Clock clock;

    SendRate(ReactiveStringRedisTemplate redis, @Value("${yutang.redis.key-prefix:yutang:}") String prefix,
            LivestreamProperties properties, Clock clock) {
        this.redis = redis;
        this.prefix = prefix + "livestream:send-rate:";
        this.perSecond = properties.sendRatePerSecond();
        this.clock = clock;
    }

    /** Completes when one more message may go out. */
    Mono<Void> permit() {
        return Mono.defer(() -> {
            long millis = clock.millis();
            long second = millis / 1000;
            String key = prefix + second;
            return redis.opsForValue().increment(key)
                    .flatMap(count -> count == 1 ? redis.expire(key, Duration.ofSeconds(5)).thenReturn(count) : Mono.just(count))
                    .onErrorResume(unavailable -> Mono.just(1L))
                    .flatMap(count -> count <= perSecond ? Mono.<Void>empty()
                            : Mono.delay(Duration.ofMillis((second + 1) * 1000 - millis)).then(permit()));
        });
    }
}

package io.yutang.livestream.reminder;

import io.yutang.referral.testing.TestClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.livestream.LivestreamProperties;
import io.yutang.referral.testing.TestStores;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;

/** The send rate all instances share, on the real Redis: past the limit, a send waits for the next second. */
class SendRateIntegrationTest {

    static LettuceConnectionFactory connections;
    static ReactiveStringRedisTemplate redis;

    @BeforeAll
    static void redis() {
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(TestStores.redis().host(),
                TestStores.redis().port()));
        connections.afterPropertiesSet();
        redis = new ReactiveStringRedisTemplate(connections);
    }

    @AfterAll
    static void close() {
        connections.destroy();
    }

    @Test
    void twoInstancesTogetherSendNoMoreThanTheLimitPerSecond() {
        TestClock clock = new TestClock(Instant.parse("2026-12-01T02:00:00.500Z"));
        LivestreamProperties properties = new LivestreamProperties(URI.create("https://yutang.example.com"),
                List.of(Duration.ofHours(1)), Duration.ofSeconds(30), 3, Duration.ofSeconds(1), 10, 1, Duration.ofSeconds(30), 3);
        String prefix = TestStores.redisKeyPrefix() + "rate-" + UUID.randomUUID() + ":";
        SendRate first = new SendRate(redis, prefix, properties, clock);
        SendRate second = new SendRate(redis, prefix, properties, clock);

        first.permit().block(Duration.ofSeconds(5));
        second.permit().block(Duration.ofSeconds(5));
        first.permit().block(Duration.ofSeconds(5));
        AtomicBoolean fourth = new AtomicBoolean();
        second.permit().subscribe(null, null, () -> fourth.set(true));

        // The fourth send of this second has counted itself and waits: the clock stays in the same second.
        String thisSecond = prefix + "livestream:send-rate:" + clock.instant().getEpochSecond();
        Flux.interval(Duration.ofMillis(10)).onBackpressureDrop()
                .concatMap(tick -> redis.opsForValue().get(thisSecond).defaultIfEmpty("0"))
                .filter(count -> Long.parseLong(count) >= 4)
                .blockFirst(Duration.ofSeconds(5));
        assertThat(fourth).as("three sends per second at most, across both instances").isFalse();

        clock.set(clock.instant().plusSeconds(1));
        Flux.interval(Duration.ofMillis(10)).filter(tick -> fourth.get()).blockFirst(Duration.ofSeconds(5));
        assertThat(fourth).as("it goes out in the next second").isTrue();
    }
}

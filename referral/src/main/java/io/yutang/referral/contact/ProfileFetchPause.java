package io.yutang.referral.contact;

import io.yutang.referral.work.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * The pause of one account's profile fetches on every instance after WeChat held lookups off, kept
 * in Redis so that one instance's refusal stops the other instances' calls too: a key that lives as
 * long as the pause (holding when it ends), and the count of refusals in a row, which doubles each
 * further pause and is cleared by the next lookup that succeeds. Without Redis the pause holds for
 * this instance alone.
 */
final class ProfileFetchPause {

    private static final Logger log = LoggerFactory.getLogger(ProfileFetchPause.class);
    private static final Duration REFUSALS_KEPT = Duration.ofDays(1);
    private static final int MOST_COUNTED = 64;
    /**
     * Begins the pause ending at ARGV[2] (for ARGV[3] ms) and counts the refusal (kept ARGV[4] ms),
     * unless a pause ending after now (ARGV[1]) is already in force; returns the end of the pause in force.
     */
    private static final RedisScript<String> BEGIN = RedisScript.of("""
            local current = redis.call('GET', KEYS[1])
            if current and tonumber(current) > tonumber(ARGV[1]) then
              return current
            end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            redis.call('INCR', KEYS[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[4])
            return ARGV[2]""", String.class);

    private final ReactiveStringRedisTemplate redis;
    private final String pausedKey;
    private final String refusalsKey;
    private final Backoff pauses;
    private final Clock clock;
    private final AtomicReference<Instant> until = new AtomicReference<>(Instant.MIN);
    private final AtomicInteger localRefusals = new AtomicInteger();
    private volatile boolean refusalsMayCount;

    /**
     * @param keyPrefix the app's Redis key prefix
     * @param appId the account whose fetches pause together
     * @param pauses the pause after the n-th refusal in a row
     */
    ProfileFetchPause(ReactiveStringRedisTemplate redis, String keyPrefix, String appId, Backoff pauses, Clock clock) {
        this.redis = redis;
        // One hash tag for both keys: the script BEGIN touches the two, so on a Redis Cluster they share a slot.
        this.pausedKey = keyPrefix + "referral:profile-fetch:{" + appId + "}:paused";
        this.refusalsKey = keyPrefix + "referral:profile-fetch:{" + appId + "}:refusals";
        this.pauses = pauses;
        this.clock = clock;
    }

    /** Emits whether fetches are paused now, on any instance (as far as Redis can tell). */
    Mono<Boolean> active() {
        if (here()) {
            return Mono.just(true);
        }
        return redis.opsForValue().get(pausedKey)
                .map(end -> {
                    adopt(Instant.ofEpochMilli(Long.parseLong(end)));
                    return here();
                })
                .defaultIfEmpty(false)
                .onErrorResume(unavailable -> Mono.just(here()));
    }

    /** Whether this instance knows of a pause that has not ended. */
    boolean here() {
        return clock.instant().isBefore(until.get());
    }

    /** When the pause ends, or now when there is none. */
    Instant end() {
        Instant now = clock.instant();
        Instant end = until.get();
        return end.isAfter(now) ? end : now;
    }

    /**
     * Pauses every instance's fetches after WeChat held a lookup off ({@code refusal}, for the log),
     * unless a pause already runs (a lookup that was in flight when it began); emits when the pause
     * in force ends.
     */
    Mono<Instant> refused(String refusal) {
        refusalsMayCount = true;
        if (here()) {
            return Mono.just(end());
        }
        Instant now = clock.instant();
        return redis.opsForValue().get(refusalsKey).map(Long::parseLong).defaultIfEmpty(0L)
                .flatMap(before -> {
                    Duration pause = pause(before + 1);
                    String end = String.valueOf(now.plus(pause).toEpochMilli());
                    return redis.execute(BEGIN, List.of(pausedKey, refusalsKey), List.of(String.valueOf(now.toEpochMilli()), end,
                                    String.valueOf(pause.toMillis()), String.valueOf(REFUSALS_KEPT.toMillis())))
                            .next()
                            .doOnNext(inForce -> {
                                if (inForce.equals(end)) {
                                    log.warn("Profile fetches paused for {} on every instance: WeChat held lookups off ({})", pause, refusal);
                                }
                            })
                            .map(inForce -> Instant.ofEpochMilli(Long.parseLong(inForce)));
                })
                .onErrorResume(unavailable -> {
                    Duration pause = pause(localRefusals.incrementAndGet());
                    log.warn("Profile fetches paused for {} on this instance (Redis unavailable: {}): WeChat held lookups off ({})",
                            pause, unavailable.getClass().getSimpleName(), refusal);
                    return Mono.just(now.plus(pause));
                })
                .doOnNext(this::adopt)
                .map(end -> end());
    }

    /** A lookup succeeded: the next refusal pauses for the first, shortest time again. */
    Mono<Void> lookedUp() {
        if (!refusalsMayCount) {
            return Mono.empty();
        }
        refusalsMayCount = false;
        localRefusals.set(0);
        return redis.delete(refusalsKey).onErrorResume(unavailable -> Mono.just(0L)).then();
    }

    private Duration pause(long refusalsInARow) {
        return pauses.after((int) Math.min(refusalsInARow, MOST_COUNTED)).orElseThrow();
    }

    private void adopt(Instant end) {
        refusalsMayCount = true;
        until.accumulateAndGet(end, (mine, theirs) -> theirs.isAfter(mine) ? theirs : mine);
    }
}

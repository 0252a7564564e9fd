package io.yutang.referral.work;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a failed item of durable work is tried again: {@code first} after the first attempt,
 * multiplied by {@code factor} after each further one, never more than {@code longest}; after
 * {@code attempts} attempts it is given up.
 */
public record Backoff(Duration first, int factor, Duration longest, int attempts) {

    public Backoff {
        if (first.isNegative() || longest.compareTo(first) < 0 || factor < 1 || attempts < 1) {
            throw new IllegalArgumentException("backoff needs 0 <= first <= longest, factor >= 1, attempts >= 1");
        }
    }

    /** The wait after {@code attempted} attempts, or empty when that many attempts mean giving up. */
    public Optional<Duration> after(int attempted) {
        if (attempted >= attempts) {
            return Optional.empty();
        }
        Duration wait = first;
        for (int i = 1; i < attempted && wait.compareTo(longest) < 0; i++) {
            wait = wait.multipliedBy(factor);
        }
        return Optional.of(wait.compareTo(longest) > 0 ? longest : wait);
    }

    /** When the next attempt is due after {@code attempted} attempts, seen at {@code now}; empty means give up. */
    public Optional<Instant> next(Instant now, int attempted) {
        return after(attempted).map(now::plus);
    }
}

package io.yutang.referral.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The one backoff policy every durable worker uses. */
class BackoffTest {

    @Test
    void theFirstRetryWaitsTheFirstDurationAndEachLaterOneTheFactorLonger() {
        Backoff backoff = new Backoff(Duration.ofSeconds(5), 2, Duration.ofMinutes(10), 6);

        assertThat(backoff.after(1)).contains(Duration.ofSeconds(5));
        assertThat(backoff.after(2)).contains(Duration.ofSeconds(10));
        assertThat(backoff.after(5)).contains(Duration.ofSeconds(80));
    }

    @Test
    void theWaitNeverExceedsTheLongest() {
        Backoff backoff = new Backoff(Duration.ofSeconds(30), 4, Duration.ofHours(1), 1_000);

        assertThat(backoff.after(4)).contains(Duration.ofMinutes(32));
        assertThat(backoff.after(5)).contains(Duration.ofHours(1));
        assertThat(backoff.after(999)).as("no overflow however many attempts").contains(Duration.ofHours(1));
    }

    @Test
    void theLastAttemptGivesUp() {
        Backoff backoff = new Backoff(Duration.ofSeconds(30), 2, Duration.ofMinutes(32), 5);

        assertThat(backoff.after(4)).isPresent();
        assertThat(backoff.after(5)).isEmpty();
        assertThat(backoff.next(Instant.EPOCH, 6)).isEmpty();
    }

    @Test
    void theNextAttemptIsDueTheWaitAfterNow() {
        Backoff backoff = new Backoff(Duration.ofSeconds(5), 2, Duration.ofMinutes(10), 3);

        assertThat(backoff.next(Instant.EPOCH, 2)).contains(Instant.EPOCH.plusSeconds(10));
    }

    @Test
    void aFactorOfOneRetriesAtAFixedInterval() {
        Backoff backoff = new Backoff(Duration.ofSeconds(5), 1, Duration.ofSeconds(5), 10);

        assertThat(backoff.after(1)).contains(Duration.ofSeconds(5));
        assertThat(backoff.after(9)).contains(Duration.ofSeconds(5));
        assertThat(backoff.after(10)).isEmpty();
    }

    @Test
    void aPolicyThatCouldNeverWaitOrTryIsRejected() {
        assertThatThrownBy(() -> new Backoff(Duration.ofMinutes(2), 2, Duration.ofMinutes(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), 0, Duration.ofMinutes(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), 2, Duration.ofMinutes(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

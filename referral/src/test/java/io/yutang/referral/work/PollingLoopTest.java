package io.yutang.referral.work;

import io.yutang.referral.work.PollingLoop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** The loop every durable worker runs on: draining, and stopping without abandoning a round. */
class PollingLoopTest {

    @Test
    void aDrainingLoopRunsAgainAtOnceWhileMoreIsWaiting() {
        AtomicInteger rounds = new AtomicInteger();
        PollingLoop loop = PollingLoop.draining("test", Duration.ZERO, Duration.ofHours(1),
                () -> Mono.fromSupplier(() -> rounds.incrementAndGet() < 4));
        loop.start();
        try {
            await(() -> rounds.get() == 4);
            assertThat(rounds.get()).as("three rounds said more was waiting, the fourth did not").isEqualTo(4);
        } finally {
            loop.stop();
        }
    }

    @Test
    void stoppingLetsTheRoundInProgressFinishAndStartsNoOther() {
        Sinks.Empty<Void> release = Sinks.empty();
        AtomicInteger rounds = new AtomicInteger();
        PollingLoop loop = PollingLoop.draining("test", Duration.ZERO, Duration.ofMillis(10), () -> {
            rounds.incrementAndGet();
            return release.asMono().thenReturn(true);
        });
        loop.start();
        await(() -> rounds.get() == 1);

        AtomicBoolean stopped = new AtomicBoolean();
        loop.stop(() -> stopped.set(true));
        assertThat(stopped).as("the round in progress is not abandoned").isFalse();
        assertThat(loop.isRunning()).isTrue();

        release.tryEmitEmpty();
        await(stopped::get);
        assertThat(rounds.get()).as("no round starts after the stop, though the last said more was waiting").isEqualTo(1);
        assertThat(loop.isRunning()).isFalse();
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        Flux.interval(Duration.ofMillis(5)).filter(tick -> condition.getAsBoolean()).next().block(Duration.ofSeconds(10));
    }
}

package io.yutang.referral.work;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Retention on the one polling mechanism: a module hands its purge statements (each deletes or
 * clears at most a batch of its own rows past their window, {@code for update skip locked}, so
 * instances purging at once take different rows and never wait on each other) and gets a draining
 * {@link PollingLoop} that runs each of them once per round and again at once while any purged a
 * full batch.
 */
public final class Purges {

    private static final Logger log = LoggerFactory.getLogger(Purges.class);
    private static final Duration FIRST_ROUND = Duration.ofMinutes(1);

    /** One purge statement: what it purges (for the log) and the statement, given the batch, emitting the rows it purged. */
    public record Purge(String what, BatchStatement statement) {
    }

    /** A statement purging at most {@code batch} rows. */
    @FunctionalInterface
    public interface BatchStatement {
        Mono<Long> run(int batch);
    }

    private Purges() {
    }

    /** One round: every purge once; emits whether any purged a full batch (more is waiting). */
    public static Mono<Boolean> round(List<Purge> purges, int batch) {
        return Flux.fromIterable(purges)
                .concatMap(purge -> purge.statement().run(batch)
                        .defaultIfEmpty(0L)
                        .doOnNext(purged -> {
                            if (purged > 0) {
                                log.info("Retention: purged {} {}", purged, purge.what());
                            }
                        }))
                .collectList()
                .map(purged -> purged.stream().anyMatch(rows -> rows >= batch));
    }

    /** The loop running {@link #round} every {@code retention.interval()} (the first within a minute of start-up). */
    public static PollingLoop loop(String work, RetentionProperties retention, List<Purge> purges) {
        Duration first = retention.interval().compareTo(FIRST_ROUND) < 0 ? retention.interval() : FIRST_ROUND;
        return PollingLoop.draining(work, first, retention.interval(), () -> round(purges, retention.batch()));
    }
}

package io.yutang.referral.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class PurgesTest {

    @Test
    void aRoundRunsEveryPurgeWithTheBatchAndSaysMoreIsWaitingWhenAnyFilledIt() {
        List<String> ran = new ArrayList<>();
        List<Purges.Purge> purges = List.of(
                new Purges.Purge("full", batch -> Mono.fromSupplier(() -> { ran.add("full:" + batch); return (long) batch; })),
                new Purges.Purge("short", batch -> Mono.fromSupplier(() -> { ran.add("short:" + batch); return 3L; })));

        StepVerifier.create(Purges.round(purges, 100)).expectNext(true).verifyComplete();
        assertThat(ran).containsExactly("full:100", "short:100");
    }

    @Test
    void aRoundThatPurgedLessThanABatchEverywhereWaitsForTheNextTick() {
        List<Purges.Purge> purges = List.of(new Purges.Purge("none", batch -> Mono.just(0L)),
                new Purges.Purge("some", batch -> Mono.just(99L)));

        StepVerifier.create(Purges.round(purges, 100)).expectNext(false).verifyComplete();
    }
}

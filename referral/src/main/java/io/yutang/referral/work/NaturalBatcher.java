package io.yutang.referral.work;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Writes items many per statement without waiting to fill a batch ("natural batching"): while
 * one write is in flight, the items that arrive meanwhile queue up and go together in the next,
 * at most {@code maxBatch} at a time. Each caller learns its own result only once the write that
 * carried its item has finished, so a caller that is told "stored" can rely on it.
 *
 * @param <I> what callers submit
 * @param <O> what each caller gets back
 */
public final class NaturalBatcher<I, O> {

    private final int maxBatch;
    private final Function<List<I>, Mono<List<O>>> write;
    private final Queue<Waiting<I, O>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    /**
     * @param write writes a batch and emits one result per item, in the batch's order; a null
     *        result completes that caller's {@code Mono} empty; an error fails every caller of the batch
     */
    public NaturalBatcher(int maxBatch, Function<List<I>, Mono<List<O>>> write) {
        this.maxBatch = maxBatch;
        this.write = write;
    }

    /** Queues {@code item} for the next write; emits its result once that write has finished. */
    public Mono<O> submit(I item) {
        return Mono.create(sink -> {
            queue.add(new Waiting<>(item, sink));
            drain();
        });
    }

    private void drain() {
        if (!writing.compareAndSet(false, true)) {
            return;
        }
        List<Waiting<I, O>> batch = new ArrayList<>();
        Waiting<I, O> next;
        while (batch.size() < maxBatch && (next = queue.poll()) != null) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            finished();
            return;
        }
        Mono.defer(() -> write.apply(batch.stream().map(Waiting::item).toList()))
                .subscribe(results -> {
                    for (int i = 0; i < batch.size(); i++) {
                        O result = i < results.size() ? results.get(i) : null;
                        if (result == null) {
                            batch.get(i).sink().success();
                        } else {
                            batch.get(i).sink().success(result);
                        }
                    }
                    finished();
                }, failure -> {
                    batch.forEach(waiting -> waiting.sink().error(failure));
                    finished();
                });
    }

    private void finished() {
        writing.set(false);
        if (!queue.isEmpty()) {
            drain();
        }
    }

    private record Waiting<I, O>(I item, MonoSink<O> sink) {
    }
}

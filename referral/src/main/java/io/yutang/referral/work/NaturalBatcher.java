package io.yutang.referral.work;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import reactor.core.publisher.Flux;
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
     *        result completes that caller's {@code Mono} empty; when a batch fails, its items are written
 *        again one at a time, so an error fails only the callers whose own item fails
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
                    if (batch.size() == 1) {
                        batch.get(0).sink().error(failure);
                        finished();
                    } else {
                        alone(batch);
                    }
                });
    }

    /** A batch whose write failed: each item written on its own, so that one bad item fails only its caller. */
    private void alone(List<Waiting<I, O>> batch) {
        Flux.fromIterable(batch)
                .concatMap(waiting -> Mono.defer(() -> write.apply(List.of(waiting.item())))
                        .doOnNext(results -> {
                            O result = results.isEmpty() ? null : results.get(0);
                            if (result == null) {
                                waiting.sink().success();
                            } else {
                                waiting.sink().success(result);
                            }
                        })
                        .switchIfEmpty(Mono.fromRunnable(() -> waiting.sink().success()))
                        .onErrorResume(failure -> Mono.fromRunnable(() -> waiting.sink().error(failure))))
                .doFinally(signal -> finished())
                .subscribe();
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

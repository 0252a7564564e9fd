package io.yutang.gateway.callback;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Stores inbound events durably, many callbacks per statement: while one insert is in flight,
 * the events that arrive meanwhile wait and go together in the next one. Every caller still
 * learns only after its own event is committed.
 */
@Component
class EventIntake {

    private static final int MAX_BATCH = 256;

    private final InboundEvents events;
    private final Queue<Waiting> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    EventIntake(InboundEvents events) {
        this.events = events;
    }

    /** The stored event's id, or empty when an earlier delivery of it is already stored. */
    Mono<Long> store(String appId, InboundMessage message) {
        return Mono.create(sink -> {
            queue.add(new Waiting(appId, message, sink));
            drain();
        });
    }

    private void drain() {
        if (!writing.compareAndSet(false, true)) {
            return;
        }
        List<Waiting> batch = new ArrayList<>();
        Waiting next;
        while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            writing.set(false);
            if (!queue.isEmpty()) {
                drain();
            }
            return;
        }
        Mono.defer(() -> events.storeAll(batch.stream().map(w -> new InboundEvents.Incoming(w.appId(), w.message())).toList())
                        .collectMap(InboundEvents.Stored::key, InboundEvents.Stored::id))
                .subscribe(stored -> {
                    settle(batch, stored);
                    next();
                }, failure -> {
                    batch.forEach(waiting -> waiting.sink().error(failure));
                    next();
                });
    }

    private void next() {
        writing.set(false);
        if (!queue.isEmpty()) {
            drain();
        }
    }

    private static void settle(List<Waiting> batch, Map<InboundEvents.Key, Long> stored) {
        Map<InboundEvents.Key, Waiting> first = batch.stream().collect(Collectors.toMap(
                w -> new InboundEvents.Key(w.appId(), w.message().dedupeKey()), Function.identity(), (a, b) -> a));
        for (Waiting waiting : batch) {
            InboundEvents.Key key = new InboundEvents.Key(waiting.appId(), waiting.message().dedupeKey());
            Long id = stored.get(key);
            if (id != null && first.get(key) == waiting) {
                waiting.sink().success(id);
            } else {
                waiting.sink().success();
            }
        }
    }

    private record Waiting(String appId, InboundMessage message, MonoSink<Long> sink) {
    }
}

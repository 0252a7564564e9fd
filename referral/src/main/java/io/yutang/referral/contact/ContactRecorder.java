package io.yutang.referral.contact;

import io.yutang.referral.ContactId;
import io.yutang.referral.WeChatUser;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Records contact facts many at a time: while one upsert is in flight, the facts that arrive
 * meanwhile wait and go together in the next statement. Each caller learns its contact's id only
 * once that statement has committed.
 */
@Component
public class ContactRecorder {

    private static final int MAX_BATCH = 256;

    private final ContactStore store;
    private final Clock clock;
    private final Queue<Waiting> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    public ContactRecorder(ContactStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Mono<ContactId> record(ContactFacts.Fact fact) {
        return Mono.create(sink -> {
            queue.add(new Waiting(fact, sink));
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
            finished();
            return;
        }
        Mono.defer(() -> store.recordAll(ContactFacts.merge(batch.stream().map(Waiting::fact).toList()), clock.instant()))
                .subscribe(ids -> {
                    settle(batch, ids);
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

    private static void settle(List<Waiting> batch, Map<WeChatUser, ContactId> ids) {
        for (Waiting waiting : batch) {
            ContactId id = ids.get(waiting.fact().user());
            if (id == null) {
                waiting.sink().error(new IllegalStateException("The contact upsert returned no row"));
            } else {
                waiting.sink().success(id);
            }
        }
    }

    private record Waiting(ContactFacts.Fact fact, MonoSink<ContactId> sink) {
    }
}

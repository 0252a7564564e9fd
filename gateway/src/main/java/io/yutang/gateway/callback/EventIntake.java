package io.yutang.gateway.callback;

import io.yutang.referral.work.NaturalBatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Stores inbound events durably, many callbacks per statement ({@link NaturalBatcher}): while one
 * insert is in flight, the events that arrive meanwhile wait and go together in the next one.
 * Every caller still learns only after its own event is committed.
 */
@Component
class EventIntake {

    private static final int MAX_BATCH = 256;

    private final NaturalBatcher<InboundEvents.Incoming, Long> batcher;

    EventIntake(InboundEvents events) {
        this.batcher = new NaturalBatcher<>(MAX_BATCH, batch -> events.storeAll(batch)
                .collectMap(InboundEvents.Stored::key, InboundEvents.Stored::id)
                .map(stored -> settle(batch, stored)));
    }

    /** The stored event's id, or empty when an earlier delivery of it is already stored. */
    Mono<Long> store(String appId, InboundMessage message) {
        return batcher.submit(new InboundEvents.Incoming(appId, message));
    }

    /** Each stored id goes to the first delivery of its key in the batch; later copies and earlier-stored ones get none. */
    private static List<Long> settle(List<InboundEvents.Incoming> batch, Map<InboundEvents.Key, Long> stored) {
        Set<InboundEvents.Key> given = new HashSet<>();
        List<Long> ids = new ArrayList<>(batch.size());
        for (InboundEvents.Incoming incoming : batch) {
            InboundEvents.Key key = new InboundEvents.Key(incoming.appId(), incoming.message().dedupeKey());
            ids.add(given.add(key) ? stored.get(key) : null);
        }
        return ids;
    }
}

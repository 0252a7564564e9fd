package io.yutang.livestream.event;

import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Fills places that open on an event when marketing raises or removes its capacity, from the
 * waitlist in registration order. Implemented by the registrations feature.
 */
public interface Waitlist {

    /** Inside the caller's transaction: promotes as many waitlisted registrants as there is room for; emits their ids. */
    Mono<List<Long>> fill(LiveEvent event, Instant now);

    /** After the transaction committed: the promoted registrations are credited. */
    Mono<Void> promoted(List<Long> registrationIds);
}

package io.yutang.referral;

import io.yutang.referral.behaviour.BehaviourLog;
import java.util.Collection;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Referral's façade for the behaviour log: what each contact did, reported by every module
 * (follows, scans and forwards here; registrations and watch time by livestream; reads, downloads
 * and leads by content). Each change is handed to the {@link BehaviourListener}s through a durable
 * queue, safe with many instances.
 */
@Service
public class Behaviours {

    private final BehaviourLog log;

    Behaviours(BehaviourLog log) {
        this.log = log;
    }

    /**
     * Records a behaviour; the same source key again is the same behaviour (its seconds and percent
     * keep their maxima). The listeners hear of it when it is new or grew.
     */
    public Mono<Void> record(Behaviour behaviour) {
        return log.record(behaviour);
    }

    /** Removes the behaviour reported with this key (a registration cancelled); the listeners hear of it. */
    public Mono<Void> withdraw(String sourceKey) {
        return log.withdraw(sourceKey);
    }

    /** These contacts' behaviour, per contact oldest first. */
    public Flux<Behaviour> historyOf(Collection<ContactId> contacts) {
        return log.historyOf(contacts);
    }

    /**
     * Hands these contacts to the listeners again soon, as if their behaviour had changed: for a
     * listener that must wait for something else to settle first (the attribution of a follow).
     */
    public Mono<Void> handAgain(Collection<ContactId> contacts) {
        return contacts.isEmpty() ? Mono.empty() : log.handAgain(contacts);
    }

    /**
     * Hands every contact with any behaviour to the listeners again (content's scoring, after its
     * rules changed), through the same durable queue: resumable after a crash and shared by all
     * instances. Emits how many contacts were queued.
     */
    public Mono<Long> reviewAll() {
        return log.reviewAll();
    }
}

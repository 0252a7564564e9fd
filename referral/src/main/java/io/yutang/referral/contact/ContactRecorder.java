package io.yutang.referral.contact;

import io.yutang.referral.ContactId;
import io.yutang.referral.WeChatUser;

import io.yutang.referral.work.NaturalBatcher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Records contact facts many at a time ({@link NaturalBatcher}): while one upsert is in flight,
 * the facts that arrive meanwhile wait and go together in the next statement. Each caller learns
 * its contact's id only once that statement has committed.
 */
@Component
public class ContactRecorder {

    private static final int MAX_BATCH = 256;

    private final NaturalBatcher<ContactFacts.Fact, ContactId> batcher;

    public ContactRecorder(ContactStore store, Clock clock) {
        this.batcher = new NaturalBatcher<>(MAX_BATCH, facts -> store.recordAll(ContactFacts.merge(facts), clock.instant())
                .map(ids -> inOrder(facts, ids)));
    }

    /** Records the fact; emits the contact's id once it is committed. */
    public Mono<ContactId> record(ContactFacts.Fact fact) {
        return batcher.submit(fact)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("The contact upsert returned no row")));
    }

    private static List<ContactId> inOrder(List<ContactFacts.Fact> facts, Map<WeChatUser, ContactId> ids) {
        List<ContactId> ordered = new ArrayList<>(facts.size());
        facts.forEach(fact -> ordered.add(ids.get(fact.user())));
        return ordered;
    }
}

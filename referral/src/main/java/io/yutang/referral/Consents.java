package io.yutang.referral;

import io.yutang.referral.consent.ConsentLedger;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Referral's façade for consent: the one ledger of what each person allowed, per purpose, with
 * the exact text they saw. Modules record decisions where people make them (a gated asset's form)
 * and ask before they act on a purpose (a CRM share, a marketing message).
 */
@Service
public class Consents {

    private final ConsentLedger ledger;

    Consents(ConsentLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * Records the decisions made on one form. A decision equal to the person's current one for
     * that purpose and scope (same answer, same text) adds nothing, so a retried form is recorded once.
     *
     * @param source where they were made, e.g. {@code page:/c/assets/12}
     */
    public Mono<Void> record(ContactId contact, List<ConsentDecision> decisions, String source, Instant at) {
        return ledger.record(contact, decisions, source, at);
    }

    /** Whether the person's latest decision for this purpose and scope gives it (false when never asked). */
    public Mono<Boolean> given(ContactId contact, ConsentPurpose purpose, String scope) {
        return ledger.latest(contact, purpose, scope).map(ConsentRecord::given).defaultIfEmpty(false);
    }

    /**
     * Whether the person's latest decision for this purpose (as a whole, scope empty) withdrew it.
     * Senders of what the person asked for (reminders for a registration) check this: asking was
     * the consent, and a withdrawal later stops them.
     */
    public Mono<Boolean> withdrawn(ContactId contact, ConsentPurpose purpose) {
        return ledger.latest(contact, purpose, "").map(record -> !record.given()).defaultIfEmpty(false);
    }

    /** For many people at once (a batch of reminders): per contact, the purposes they withdrew; contacts with none are absent. */
    public Mono<Map<ContactId, Set<ConsentPurpose>>> withdrawals(Collection<ContactId> contacts) {
        return ledger.withdrawals(contacts);
    }

    /**
     * Withdraws the purpose (as a whole), recording the text the person was shown when they did.
     *
     * @param source where: {@code page:/my/privacy}, {@code keyword:退订}
     */
    public Mono<Void> withdraw(ContactId contact, ConsentPurpose purpose, String text, String source, Instant at) {
        return record(contact, List.of(new ConsentDecision(purpose, "", text, false)), source, at);
    }

    /** Gives the purpose (as a whole) with the text the person was shown. */
    public Mono<Void> give(ContactId contact, ConsentPurpose purpose, String text, String source, Instant at) {
        return record(contact, List.of(new ConsentDecision(purpose, "", text, true)), source, at);
    }

    /** The person's latest decision per purpose (as a whole, scope empty); purposes never decided are absent. */
    public Mono<Map<ConsentPurpose, ConsentRecord>> current(ContactId contact) {
        return ledger.history(contact).filter(record -> record.scope().isEmpty())
                .collectMap(ConsentRecord::purpose, record -> record, () -> new EnumMap<>(ConsentPurpose.class));
    }

    /** Every decision the person made, oldest first. */
    public Flux<ConsentRecord> history(ContactId contact) {
        return ledger.history(contact);
    }
}

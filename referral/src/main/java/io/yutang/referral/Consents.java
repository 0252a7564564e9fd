package io.yutang.referral;

import io.yutang.referral.consent.ConsentLedger;
import java.time.Instant;
import java.util.List;
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

    /** Every decision the person made, oldest first. */
    public Flux<ConsentRecord> history(ContactId contact) {
        return ledger.history(contact);
    }
}

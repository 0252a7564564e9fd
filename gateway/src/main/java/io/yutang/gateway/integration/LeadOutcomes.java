package io.yutang.gateway.integration;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The CRM's outcomes of leads ({@code gateway.lead_outcome}): one per contact, CRM reference and status. */
@Component
class LeadOutcomes {

    private static final String COLUMNS = "id, contact_id, crm_reference, status, reason, amount, occurred_at, recorded_by, recorded_at";

    /** An outcome and whether this call recorded it (false: the same report came before). */
    record Recorded(LeadOutcome outcome, boolean created) {
    }

    private final DatabaseClient db;
    private final Clock clock;

    LeadOutcomes(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    Mono<Recorded> record(long contact, String crmReference, LeadOutcome.Status status, String reason, BigDecimal amount,
            Instant occurredAt, String recordedBy) {
        Instant now = clock.instant();
        Mono<Recorded> inserted = db.sql("""
                        insert into gateway.lead_outcome (contact_id, crm_reference, status, reason, amount, occurred_at, recorded_by, recorded_at)
                        values (:contact, :ref, :status, :reason, :amount, :at, :by, :now)
                        on conflict (contact_id, crm_reference, status) do nothing
                        returning""" + " " + COLUMNS)
                .bind("contact", contact)
                .bind("ref", crmReference)
                .bind("status", status.name())
                .bind("reason", Parameter.fromOrEmpty(reason, String.class))
                .bind("amount", Parameter.fromOrEmpty(amount, BigDecimal.class))
                .bind("at", occurredAt == null ? now : occurredAt)
                .bind("by", recordedBy)
                .bind("now", now)
                .map(row -> new Recorded(outcome(row), true))
                .one();
        Mono<Recorded> earlier = db.sql("select " + COLUMNS + " from gateway.lead_outcome"
                        + " where contact_id = :contact and crm_reference = :ref and status = :status")
                .bind("contact", contact).bind("ref", crmReference).bind("status", status.name())
                .map(row -> new Recorded(outcome(row), false))
                .one();
        return inserted.switchIfEmpty(earlier);
    }

    Flux<LeadOutcome> all() {
        return db.sql("select " + COLUMNS + " from gateway.lead_outcome order by contact_id, occurred_at").map(LeadOutcomes::outcome).all();
    }

    Flux<LeadOutcome> of(long contact) {
        return db.sql("select " + COLUMNS + " from gateway.lead_outcome where contact_id = :contact order by occurred_at, id")
                .bind("contact", contact).map(LeadOutcomes::outcome).all();
    }

    private static LeadOutcome outcome(Readable row) {
        return new LeadOutcome(row.get("id", Long.class), row.get("contact_id", Long.class), row.get("crm_reference", String.class),
                LeadOutcome.Status.valueOf(row.get("status", String.class)), row.get("reason", String.class),
                row.get("amount", BigDecimal.class), row.get("occurred_at", Instant.class), row.get("recorded_by", String.class),
                row.get("recorded_at", Instant.class));
    }
}

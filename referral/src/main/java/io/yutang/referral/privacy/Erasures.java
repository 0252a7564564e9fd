package io.yutang.referral.privacy;

import io.r2dbc.spi.Readable;
import io.yutang.referral.ContactId;
import io.yutang.referral.Erasure;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Erasure requests in {@code referral.erasure}: at most one open per person, so asking twice is one erasure. */
@Repository
public class Erasures {

    private static final String COLUMNS = "id, contact_id, state, requested_by, source, requested_at, done_at, reason, receipt::text as receipt";

    private final DatabaseClient db;
    private final ErasureWork work;

    Erasures(DatabaseClient db, ErasureWork work) {
        this.db = db;
        this.work = work;
    }

    /**
     * Plans the person's erasure, due now; the open request when there is one already, and the last
     * finished one when they were erased before.
     */
    public Mono<Erasure> request(ContactId contact, String requestedBy, String source) {
        Instant now = work.now();
        return db.sql("select erased_at from referral.contact where id = :contact")
                .bind("contact", contact.value()).map(row -> row.get("erased_at", Instant.class) != null).one()
                .flatMap(erased -> erased
                        ? db.sql("select " + COLUMNS + " from referral.erasure where contact_id = :contact and state = 'DONE'"
                                        + " order by id desc limit 1")
                                .bind("contact", contact.value()).map(this::erasure).one()
                        : db.sql("""
                                        insert into referral.erasure (contact_id, requested_by, source, requested_at, due_at)
                                        values (:contact, :by, :source, :at, :at)
                                        on conflict (contact_id) where state in ('PENDING', 'LEASED') do nothing
                                        returning\s""" + COLUMNS)
                                .bind("contact", contact.value()).bind("by", requestedBy).bind("source", source).bind("at", now)
                                .map(this::erasure).one()
                                .switchIfEmpty(Mono.defer(() -> open(contact))));
    }

    public Mono<Erasure> find(long id) {
        return db.sql("select " + COLUMNS + " from referral.erasure where id = :id").bind("id", id).map(this::erasure).one();
    }

    /** The person's requests, newest first. */
    public Flux<Erasure> of(ContactId contact) {
        return db.sql("select " + COLUMNS + " from referral.erasure where contact_id = :contact order by id desc")
                .bind("contact", contact.value()).map(this::erasure).all();
    }

    private Mono<Erasure> open(ContactId contact) {
        return db.sql("select " + COLUMNS + " from referral.erasure where contact_id = :contact and state in ('PENDING', 'LEASED')")
                .bind("contact", contact.value()).map(this::erasure).one();
    }

    private Erasure erasure(Readable row) {
        return new Erasure(row.get("id", Long.class), new ContactId(row.get("contact_id", Long.class)),
                Erasure.State.valueOf(row.get("state", String.class)), row.get("requested_by", String.class),
                row.get("source", String.class), row.get("requested_at", Instant.class), row.get("done_at", Instant.class),
                row.get("reason", String.class), work.receipt(row.get("receipt", String.class)));
    }
}

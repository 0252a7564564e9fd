package io.yutang.referral;

import io.yutang.referral.audit.AuditLog;
import java.security.Principal;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Referral's façade for the audit log ({@code referral.audit_log}, append-only): every module
 * records here each staff read of one person's details, each export of people's data and each
 * erasure; ADMIN lists and filters it ({@code GET /api/audit}).
 */
@Service
public class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private final AuditLog store;

    AuditTrail(AuditLog store) {
        this.store = store;
    }

    /** Appends one entry. Fails when it cannot be stored, so a read that must be audited fails with it. */
    public Mono<Void> record(AuditEntry entry) {
        return store.append(entry);
    }

    /** A page of the log, newest first, filtered as {@code query} says. */
    public Mono<AuditPage> list(AuditQuery query) {
        return store.page(query);
    }

    /** A new count of the people a streamed export sends; see {@link #recordStreamed}. */
    public Tally tally() {
        return new Tally();
    }

    /**
     * {@code body}, recorded once it has been sent: when it completes, before the answer ends, with
     * the number of people {@code tally} counted; when the caller hangs up midway, with what was
     * sent so far and {@code cancelled} added to the detail; when it fails after sending someone,
     * likewise with {@code failed} (a failure before anyone was sent, such as an unknown event, discloses nobody).
     */
    public <T> Flux<T> recordStreamed(Flux<T> body, Tally tally, Principal caller, AuditAction action, String subject,
            String detail) {
        AtomicBoolean recorded = new AtomicBoolean();
        String actor = AuditEntry.actorOf(caller);
        return body
                .concatWith(Mono.defer(() -> recorded.compareAndSet(false, true)
                        ? record(new AuditEntry(actor, action, subject, tally.people(), detail)) : Mono.empty()).then(Mono.empty()))
                .doOnCancel(() -> afterwards(recorded, new AuditEntry(actor, action, subject, tally.people(), suffixed(detail, "cancelled"))))
                .doOnError(failure -> {
                    if (tally.people() > 0) {
                        afterwards(recorded, new AuditEntry(actor, action, subject, tally.people(), suffixed(detail, "failed")));
                    }
                });
    }

    /** {@code people}, recorded (as {@link #recordStreamed}) with one person per element. */
    public <T> Flux<T> recordEach(Flux<T> people, Principal caller, AuditAction action, String subject, String detail) {
        Tally tally = tally();
        return recordStreamed(tally.count(people), tally, caller, action, subject, detail);
    }

    private void afterwards(AtomicBoolean recorded, AuditEntry entry) {
        if (recorded.compareAndSet(false, true)) {
            record(entry).subscribe(null, failure -> log.error("Audit entry {} {} not recorded", entry.action(), entry.subject(), failure));
        }
    }

    private static String suffixed(String detail, String ending) {
        return detail == null || detail.isEmpty() ? ending : detail + ", " + ending;
    }

    /** Counts the people of a streamed export as they pass. */
    public static final class Tally {

        private final AtomicLong people = new AtomicLong();

        private Tally() {
        }

        /** {@code rows}, each counted as one person as it passes. */
        public <T> Flux<T> count(Flux<T> rows) {
            return rows.doOnNext(row -> people.incrementAndGet());
        }

        /** How many have passed. */
        public long people() {
            return people.get();
        }
    }
}

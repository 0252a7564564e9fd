package io.yutang.referral.digest;

import io.yutang.referral.AttributionDecision;
import io.yutang.referral.ConversionKind;
import io.yutang.referral.ReferralProperties;

import java.time.Clock;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Turns credited registrations, attendances and leads of prospects owned by a bound employee into
 * signals, and opens the rep's next digest: no sooner than the settle time after this signal, and
 * no sooner than the digest interval after the rep's last one.
 */
@Component
public class RepSignals {

    private final DatabaseClient db;
    private final ReferralProperties properties;
    private final Clock clock;

    RepSignals(DatabaseClient db, ReferralProperties properties, Clock clock) {
        this.db = db;
        this.properties = properties;
        this.clock = clock;
    }

    public Mono<Void> credited(AttributionDecision decision) {
        if (!decision.credited() || decision.kind() == ConversionKind.FOLLOW || decision.advocateSharerId() == null) {
            return Mono.empty();
        }
        Instant now = clock.instant();
        return db.sql("""
                        insert into referral.rep_signal (sharer_id, conversion_id, created_at)
                        select s.id, :conversion, :now from referral.sharer s
                         where s.id = :sharer and s.kind = 'EMPLOYEE' and s.contact_id is not null
                        on conflict (conversion_id) do nothing""")
                .bind("conversion", decision.conversionId())
                .bind("sharer", decision.advocateSharerId())
                .bind("now", now)
                .fetch().rowsUpdated()
                .flatMap(inserted -> inserted == 0 ? Mono.empty() : openDigest(decision.advocateSharerId(), now));
    }

    /** Opens a pending digest for every rep with signals no digest took (a signal that raced a send). */
    Mono<Void> sweepStranded(Instant olderThan) {
        return db.sql("""
                        select distinct sharer_id from referral.rep_signal
                         where digest_id is null and created_at < :before""")
                .bind("before", olderThan)
                .map(row -> row.get("sharer_id", Long.class))
                .all()
                .concatMap(sharer -> openDigest(sharer, clock.instant()))
                .then();
    }

    Mono<Void> openDigest(long sharerId, Instant now) {
        return db.sql("""
                        insert into referral.rep_digest (sharer_id, state, due_at, created_at)
                        select :sharer, 'PENDING',
                               greatest(:settled, coalesce(max(sent_at), '-infinity'::timestamptz) + make_interval(secs => :interval)),
                               :now
                          from referral.rep_digest where sharer_id = :sharer and state = 'DONE'
                        on conflict (sharer_id) where state in ('PENDING', 'LEASED') do nothing""")
                .bind("sharer", sharerId)
                .bind("settled", now.plus(properties.repDigestSettle()))
                .bind("interval", (double) properties.repDigestInterval().toSeconds())
                .bind("now", now)
                .then();
    }
}

package io.yutang.referral.digest;

import io.yutang.referral.ConversionKind;
import io.yutang.referral.ReferralProperties;
import io.yutang.referral.RepDigest;
import io.yutang.referral.RepNotifier;
import io.yutang.referral.WeChatUser;
import io.yutang.referral.work.PollingLoop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Sends due rep digests on every instance: leases a digest (rows another instance holds are
 * skipped), gathers the rep's signals into it, hands it to {@link RepNotifier}, and records the
 * outcome. A failed send is retried with backoff, up to five attempts.
 */
@Component
public class RepDigests {

    private static final Logger log = LoggerFactory.getLogger(RepDigests.class);
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final int MAX_ATTEMPTS = 5;

    private record Due(long id, long sharerId, int attempts) {
    }

    private final DatabaseClient db;
    private final RepNotifier notifier;
    private final RepSignals signals;
    private final ReferralProperties properties;
    private final Clock clock;

    RepDigests(DatabaseClient db, RepNotifier notifier, RepSignals signals, ReferralProperties properties, Clock clock) {
        this.db = db;
        this.notifier = notifier;
        this.signals = signals;
        this.properties = properties;
        this.clock = clock;
    }

    /** One round: send every digest this instance could lease. */
    Mono<Void> sendDue() {
        Instant now = clock.instant();
        return signals.sweepStranded(now.minus(LEASE))
                .thenMany(db.sql("""
                                update referral.rep_digest set leased_until = :until, attempts = attempts + 1
                                 where id in (select id from referral.rep_digest
                                               where state = 'PENDING' and not_before <= :now
                                                 and (leased_until is null or leased_until < :now)
                                               order by not_before limit 20 for update skip locked)
                                returning id, sharer_id, attempts""")
                        .bind("until", now.plus(LEASE))
                        .bind("now", now)
                        .map(row -> new Due(row.get("id", Long.class), row.get("sharer_id", Long.class),
                                row.get("attempts", Integer.class)))
                        .all())
                .concatMap(this::send)
                .then();
    }

    private Mono<Void> send(Due due) {
        return db.sql("""
                        update referral.rep_signal set digest_id = :digest
                         where sharer_id = :sharer and (digest_id is null or digest_id = :digest)""")
                .bind("digest", due.id())
                .bind("sharer", due.sharerId())
                .then()
                .then(digest(due))
                .flatMap(digest -> digest.items().isEmpty() ? finish(due, 0)
                        : notifier.send(digest).then(finish(due, digest.items().size())))
                .onErrorResume(failure -> failed(due, failure));
    }

    private Mono<RepDigest> digest(Due due) {
        Mono<WeChatUser> rep = db.sql("""
                        select c.app_id, c.openid from referral.sharer s join referral.contact c on c.id = s.contact_id
                         where s.id = :sharer""")
                .bind("sharer", due.sharerId())
                .map(row -> new WeChatUser(row.get("app_id", String.class), row.get("openid", String.class)))
                .one();
        Mono<List<RepDigest.Item>> items = db.sql("""
                        select v.kind, k.name as campaign, p.nickname, v.occurred_at
                          from referral.rep_signal g
                          join referral.conversion v on v.id = g.conversion_id
                          join referral.contact p on p.id = v.contact_id
                          left join referral.campaign k on k.id = v.campaign_id
                         where g.digest_id = :digest
                         order by v.occurred_at""")
                .bind("digest", due.id())
                .map(row -> new RepDigest.Item(ConversionKind.valueOf(row.get("kind", String.class)),
                        row.get("campaign", String.class), row.get("nickname", String.class),
                        row.get("occurred_at", Instant.class)))
                .all()
                .collectList();
        return Mono.zip(rep, items, (user, list) -> new RepDigest(due.id(), due.sharerId(), user, list));
    }

    private Mono<Void> finish(Due due, int items) {
        Instant now = clock.instant();
        return db.sql("update referral.rep_digest set state = 'SENT', sent_at = :now, items = :items, leased_until = null where id = :id")
                .bind("now", now)
                .bind("items", items)
                .bind("id", due.id())
                .then()
                .then(db.sql("select 1 from referral.rep_signal where sharer_id = :sharer and digest_id is null limit 1")
                        .bind("sharer", due.sharerId())
                        .map(row -> true)
                        .one()
                        .flatMap(pending -> signals.openDigest(due.sharerId(), now)));
    }

    private Mono<Void> failed(Due due, Throwable failure) {
        String error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        boolean giveUp = due.attempts() >= MAX_ATTEMPTS;
        log.warn("Rep digest {} for sharer {} failed (attempt {}{}): {}", due.id(), due.sharerId(), due.attempts(),
                giveUp ? ", giving up" : "", error);
        return db.sql("""
                        update referral.rep_digest set state = :state, leased_until = :retryAt, last_error = :error
                         where id = :id""")
                .bind("state", giveUp ? "FAILED" : "PENDING")
                .bind("retryAt", clock.instant().plusSeconds(30L << Math.min(due.attempts(), 6)))
                .bind("error", error.length() > 500 ? error.substring(0, 500) : error)
                .bind("id", due.id())
                .then();
    }

    /** The rounds, started and stopped with the application. */
    @Bean
    PollingLoop repDigestLoop() {
        return new PollingLoop("Rep digest", properties.repDigestPollInterval(), properties.repDigestPollInterval(),
                this::sendDue);
    }
}

package io.yutang.referral.digest;

import io.yutang.referral.ConversionKind;
import io.yutang.referral.ReferralProperties;
import io.yutang.referral.RepDigest;
import io.yutang.referral.RepNotifier;
import io.yutang.referral.WeChatUser;
import io.yutang.referral.work.Backoff;
import io.yutang.referral.work.Claim;
import io.yutang.referral.work.Column;
import io.yutang.referral.work.PollingLoop;
import io.yutang.referral.work.QueueTable;
import io.yutang.referral.work.WorkQueue;
import io.yutang.referral.work.WorkState;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sends due rep digests ({@code referral.rep_digest}, a {@link WorkQueue}) on every instance:
 * claims a digest, gathers the rep's signals into it, hands it to {@link RepNotifier}, and records
 * the outcome. A failed send is retried with backoff (30 s, doubling), up to five attempts.
 */
@Component
public class RepDigests {

    /** Why a prospect was left out of a rep's digest: they withdrew consent to marketing, or were erased. */
    static final String SKIPPED_FOR_CONSENT = "consent withdrawn: MARKETING";
    private static final QueueTable<WorkState> TABLE = QueueTable.of("referral.rep_digest", "id");
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final int BATCH = 20;
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(30), 2, Duration.ofMinutes(32), 5);

    private record Due(Claim claim, long sharerId) {

        long id() {
            return claim.id();
        }
    }

    private final DatabaseClient db;
    private final RepNotifier notifier;
    private final RepSignals signals;
    private final ReferralProperties properties;
    private final Clock clock;
    private final WorkQueue<WorkState> queue;

    RepDigests(DatabaseClient db, RepNotifier notifier, RepSignals signals, ReferralProperties properties, Clock clock) {
        this.db = db;
        this.notifier = notifier;
        this.signals = signals;
        this.properties = properties;
        this.clock = clock;
        this.queue = new WorkQueue<>(db, TABLE, clock);
    }

    /** One round: send every digest this instance could claim. */
    Mono<Void> sendDue() {
        Instant now = clock.instant();
        return signals.sweepStranded(now.minus(LEASE))
                .thenMany(queue.claim(now, BATCH, LEASE))
                .collectList()
                .filter(claims -> !claims.isEmpty())
                .flatMapMany(claims -> db.sql("select id, sharer_id from referral.rep_digest where id = any(:ids)")
                        .bind("ids", claims.stream().map(Claim::id).toArray(Long[]::new))
                        .map(row -> Map.entry(row.get("id", Long.class), row.get("sharer_id", Long.class)))
                        .all()
                        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                        .flatMapMany(sharers -> Flux.fromIterable(claims).map(claim -> new Due(claim, sharers.get(claim.id())))))
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
        Mono<Void> skipped = db.sql("""
                        update referral.rep_signal g set skipped = :reason
                          from referral.conversion v, referral.contact p
                         where g.digest_id = :digest and g.skipped is null and v.id = g.conversion_id and p.id = v.contact_id
                           and (p.erased_at is not null or exists (
                                select 1 from (select c.given from referral.consent c
                                                where c.contact_id = v.contact_id and c.purpose = 'MARKETING' and c.scope = ''
                                                order by c.recorded_at desc, c.id desc limit 1) latest
                                 where not latest.given))""")
                .bind("digest", due.id()).bind("reason", SKIPPED_FOR_CONSENT)
                .then();
        Mono<List<RepDigest.Item>> items = db.sql("""
                        select v.kind, k.name as campaign, coalesce(v.prospect_name, p.nickname) as prospect, v.prospect_company, v.detail,
                               v.occurred_at
                          from referral.rep_signal g
                          join referral.conversion v on v.id = g.conversion_id
                          join referral.contact p on p.id = v.contact_id
                          left join referral.campaign k on k.id = v.campaign_id
                         where g.digest_id = :digest and g.skipped is null
                         order by v.occurred_at""")
                .bind("digest", due.id())
                .map(row -> new RepDigest.Item(ConversionKind.valueOf(row.get("kind", String.class)),
                        row.get("campaign", String.class), row.get("prospect", String.class), row.get("prospect_company", String.class),
                        row.get("detail", String.class), row.get("occurred_at", Instant.class)))
                .all()
                .collectList();
        return skipped.then(Mono.zip(rep, items, (user, list) -> new RepDigest(due.id(), due.sharerId(), user, list)));
    }

    private Mono<Void> finish(Due due, int items) {
        Instant now = clock.instant();
        return queue.finish(due.claim(), WorkState.DONE, null, Column.of("sent_at", now), Column.of("items", items))
                .then(db.sql("select 1 from referral.rep_signal where sharer_id = :sharer and digest_id is null limit 1")
                        .bind("sharer", due.sharerId())
                        .map(row -> true)
                        .one()
                        .flatMap(pending -> signals.openDigest(due.sharerId(), now)));
    }

    private Mono<Void> failed(Due due, Throwable failure) {
        return queue.retry(due.claim(), failure.getClass().getSimpleName() + ": " + failure.getMessage(), BACKOFF).then();
    }

    /** The queue, for its metrics. */
    @Bean
    WorkQueue<WorkState> repDigestQueue() {
        return queue;
    }

    /** The rounds, started and stopped with the application. */
    @Bean
    PollingLoop repDigestLoop() {
        return new PollingLoop("Rep digest", properties.repDigestPollInterval(), properties.repDigestPollInterval(),
                this::sendDue);
    }
}

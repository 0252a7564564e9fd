package io.yutang.referral.behaviour;

import io.yutang.referral.Behaviour;
import io.yutang.referral.BehaviourKind;
import io.yutang.referral.ContactId;
import io.yutang.referral.work.NaturalBatcher;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The tables {@code referral.behaviour} and {@code referral.behaviour_change}: every behaviour
 * stored once per source key, and in the same statement the contact's change queued (pending
 * again, under a new fence, if a listener holds it in flight). Behaviours recorded while one such
 * statement runs go together in the next ({@link NaturalBatcher}).
 */
@Repository
public class BehaviourLog {

    /** A contact in flight is due again once its lease ends, so two listeners never read it at once. */
    private static final String AFTER_LEASE = "case when %1$sstate = 'LEASED' then greatest(%1$sleased_until, %2$s) else %2$s end";

    private static final String QUEUE_CHANGE = """
            insert into referral.behaviour_change (contact_id, due_at)
            select distinct contact_id, :now from changed order by contact_id
            on conflict (contact_id) do update
               set state = 'PENDING', due_at = %s, leased_until = null,
                   attempts = 0, fence = behaviour_change.fence + 1, reason = null
             where behaviour_change.state <> 'PENDING'""".formatted(AFTER_LEASE.formatted("behaviour_change.", "excluded.due_at"));

    private static final int MAX_BATCH = 256;

    private final DatabaseClient db;
    private final Clock clock;
    private final NaturalBatcher<Behaviour, Boolean> recorder = new NaturalBatcher<>(MAX_BATCH, this::recordAll);

    public BehaviourLog(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Stores the behaviour once per source key (keeping the larger seconds and percent); completes
     * when it is committed. Behaviours recorded meanwhile go together in one statement.
     */
    public Mono<Void> record(Behaviour behaviour) {
        return recorder.submit(behaviour).then();
    }

    private Mono<List<Boolean>> recordAll(List<Behaviour> batch) {
        return write(batch).then(Mono.fromSupplier(() -> Collections.nCopies(batch.size(), Boolean.TRUE)));
    }

    /** One statement for a batch; behaviours repeating a source key are merged first, as the table would. */
    private Mono<Void> write(List<Behaviour> batch) {
        Map<String, Behaviour> byKey = new LinkedHashMap<>();
        batch.forEach(behaviour -> byKey.merge(behaviour.sourceKey(), behaviour, BehaviourLog::grown));
        int n = byKey.size();
        Long[] contacts = new Long[n];
        String[] kinds = new String[n];
        String[] refs = new String[n];
        Integer[] seconds = new Integer[n];
        Integer[] percents = new Integer[n];
        Long[] micros = new Long[n];
        String[] keys = new String[n];
        int i = 0;
        for (Behaviour behaviour : byKey.values()) {
            contacts[i] = behaviour.contact().value();
            kinds[i] = behaviour.kind().name();
            refs[i] = behaviour.ref();
            seconds[i] = behaviour.seconds();
            percents[i] = behaviour.percent();
            micros[i] = ChronoUnit.MICROS.between(Instant.EPOCH, behaviour.occurredAt());
            keys[i] = behaviour.sourceKey();
            i++;
        }
        return db.sql("""
                        with changed as (
                            insert into referral.behaviour (contact_id, kind, ref, seconds, percent, occurred_at, source_key, recorded_at)
                            select contact_id, kind, ref, seconds, percent,
                                   timestamptz 'epoch' + micros * interval '1 microsecond', source_key, :now
                              from unnest(cast(:contacts as bigint[]), cast(:kinds as text[]), cast(:refs as text[]),
                                          cast(:seconds as int[]), cast(:percents as int[]), cast(:micros as bigint[]),
                                          cast(:keys as text[]))
                                   as b (contact_id, kind, ref, seconds, percent, micros, source_key)
                             order by source_key
                            on conflict (source_key) do update
                               set seconds = greatest(behaviour.seconds, excluded.seconds),
                                   percent = greatest(behaviour.percent, excluded.percent)
                             where excluded.seconds > coalesce(behaviour.seconds, -1)
                                or excluded.percent > coalesce(behaviour.percent, -1)
                            returning contact_id)
                        """ + QUEUE_CHANGE)
                .bind("contacts", contacts)
                .bind("kinds", kinds)
                .bind("refs", refs)
                .bind("seconds", seconds)
                .bind("percents", percents)
                .bind("micros", micros)
                .bind("keys", keys)
                .bind("now", clock.instant())
                .then();
    }

    /** The same behaviour reported twice: the first report, with the larger seconds and percent of both. */
    private static Behaviour grown(Behaviour first, Behaviour again) {
        return new Behaviour(first.contact(), first.kind(), first.ref(), larger(first.seconds(), again.seconds()),
                larger(first.percent(), again.percent()), first.occurredAt(), first.sourceKey());
    }

    private static Integer larger(Integer a, Integer b) {
        return a == null ? b : b == null ? a : Math.max(a, b);
    }

    public Mono<Void> withdraw(String sourceKey) {
        return db.sql("with changed as (delete from referral.behaviour where source_key = :key returning contact_id) " + QUEUE_CHANGE)
                .bind("key", sourceKey)
                .bind("now", clock.instant())
                .then();
    }

    /** A forward: the touch {@code touchId} came through a link of a prospect who shares onwards, from someone else. */
    public Mono<Void> forwarded(long touchId) {
        return db.sql("""
                        with changed as (
                            insert into referral.behaviour (contact_id, kind, ref, occurred_at, source_key, recorded_at)
                            select s.contact_id, 'FORWARD', 'campaign:' || t.campaign_id, t.occurred_at, 'forward:' || t.id, :now
                              from referral.touch t
                              join referral.share_link l on l.id = t.share_link_id
                              join referral.sharer s on s.id = l.sharer_id
                             where t.id = :touch and not t.self_referral and s.kind = 'PROSPECT' and s.contact_id is not null
                            on conflict (source_key) do nothing
                            returning contact_id)
                        """ + QUEUE_CHANGE)
                .bind("touch", touchId)
                .bind("now", clock.instant())
                .then();
    }

    public Flux<Behaviour> historyOf(Collection<ContactId> contacts) {
        if (contacts.isEmpty()) {
            return Flux.empty();
        }
        return db.sql("""
                        select contact_id, kind, ref, seconds, percent, occurred_at, source_key from referral.behaviour
                         where contact_id = any(:contacts) order by contact_id, occurred_at, id""")
                .bind("contacts", contacts.stream().map(ContactId::value).toArray(Long[]::new))
                .map(row -> new Behaviour(new ContactId(row.get("contact_id", Long.class)),
                        BehaviourKind.valueOf(row.get("kind", String.class)), row.get("ref", String.class),
                        row.get("seconds", Integer.class), row.get("percent", Integer.class),
                        row.get("occurred_at", Instant.class), row.get("source_key", String.class)))
                .all();
    }

    /** Hands these contacts to the listeners again, as if their behaviour had changed (a listener waiting for something). */
    public Mono<Void> handAgain(Collection<ContactId> contacts) {
        return db.sql("with changed as (select unnest(cast(:contacts as bigint[])) as contact_id) " + QUEUE_CHANGE)
                .bind("contacts", contacts.stream().map(ContactId::value).toArray(Long[]::new))
                .bind("now", clock.instant())
                .then();
    }

    public Mono<Long> reviewAll() {
        return db.sql("""
                        update referral.behaviour_change
                           set state = 'PENDING', due_at = %s, leased_until = null, attempts = 0, fence = fence + 1, reason = null"""
                        .formatted(AFTER_LEASE.formatted("", ":now")))
                .bind("now", clock.instant())
                .fetch().rowsUpdated();
    }
}

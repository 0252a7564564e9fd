package io.yutang.referral.work;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Durable work over one {@link QueueTable}, safe with many instances. {@link #claim} takes due
 * items with {@code FOR UPDATE SKIP LOCKED} in two index-backed parts (pending items due, and
 * in-flight items whose lease ran out), moves them in flight under a lease and increments their
 * attempts and fence. Every later write names the fence it claimed with and changes nothing once
 * another instance took the item over. An item ends {@linkplain #finish finished} (in a state the
 * worker names), is {@linkplain #retry retried} after a {@link Backoff}, or is
 * {@linkplain #giveUp given up}, always with a reason.
 */
public final class WorkQueue<S extends Enum<S>> {

    private static final Logger log = LoggerFactory.getLogger(WorkQueue.class);
    private static final int LONGEST_REASON = 500;

    private final DatabaseClient db;
    private final QueueTable<S> table;
    private final Clock clock;
    private final String claimSql;
    private final String sampleSql;

    /** A queue over {@code table}; writes are stamped with {@code clock}. */
    public WorkQueue(DatabaseClient db, QueueTable<S> table, Clock clock) {
        this.db = db;
        this.table = table;
        this.clock = clock;
        String t = table.name();
        String id = table.id();
        String scope = table.scope() == null ? "" : " and " + table.scope();
        this.claimSql = """
                with pending as (
                    select q.%2$s as id, false as recovered from %1$s q
                     where q.state = :pending and q.due_at <= :now%3$s
                     order by q.due_at
                     limit :batch
                     for update skip locked),
                stalled as (
                    -- In lease order: an index scan, which marks the entries of items gone from the in-flight state
                    -- as dead as it passes them (a bitmap scan would revisit every one, tens of thousands after a burst).
                    select q.%2$s as id, true as recovered from %1$s q
                     where q.state = :inFlight and q.leased_until < :now%3$s
                     order by q.leased_until
                     limit :batch
                     for update skip locked),
                due as (select * from pending union all select * from stalled)
                update %1$s q
                   set state = :inFlight, leased_until = :lease, attempts = q.attempts + 1, fence = q.fence + 1%4$s
                  from due
                 where q.%2$s = due.id
                returning q.%2$s as id, q.fence, q.attempts, due.recovered""".formatted(t, id, scope, touch(":now"));
        this.sampleSql = """
                select (select count(*) from %1$s where state = :pending and due_at <= :now) as due,
                       (select min(due_at) from %1$s where state = :pending and due_at <= :now) as oldest,
                       (select count(*) from %1$s where state = :inFlight) as in_flight,
                       (select count(*) from %1$s where state = :failed) as failed""".formatted(t);
    }

    /** The queue's name: its table. */
    public String name() {
        return table.name();
    }

    /** Claims up to {@code batch} due items and up to {@code batch} stalled ones for {@code lease}. */
    public Flux<Claim> claim(Instant now, int batch, Duration lease) {
        return claim(now, batch, lease, null);
    }

    /** Claims as {@link #claim(Instant, int, Duration)}, only items within the table's scope {@code scope}. */
    public Flux<Claim> claim(Instant now, int batch, Duration lease, Object scope) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(claimSql)
                .bind("pending", table.pending().name())
                .bind("inFlight", table.inFlight().name())
                .bind("now", now)
                .bind("lease", now.plus(lease))
                .bind("batch", batch);
        if (table.scope() != null) {
            spec = spec.bind("scope", scope);
        }
        return spec.map(row -> new Claim(row.get("id", Long.class), row.get("fence", Long.class),
                        row.get("attempts", Integer.class), Boolean.TRUE.equals(row.get("recovered", Boolean.class))))
                .all();
    }

    /**
     * Checks that this instance still holds the item and extends its lease, writing {@code also}
     * with it; emits false when another instance took it over. Call it before a send that cannot be
     * told from a new one.
     */
    public Mono<Boolean> renew(Claim claim, Duration lease, Column... also) {
        Instant now = clock.instant();
        return fenced("leased_until = :lease" + sets(also), " and leased_until > :now", claim, now, also)
                .bind("lease", now.plus(lease))
                .fetch().rowsUpdated()
                .map(updated -> updated > 0);
    }

    /** Records the item finished in {@code state}, with {@code reason} (null for none); emits false when it was taken over. */
    public Mono<Boolean> finish(Claim claim, S state, String reason, Column... also) {
        Instant now = clock.instant();
        return fenced("state = :state, leased_until = null, reason = :reason" + sets(also), "", claim, now, also)
                .bind("state", state.name())
                .bind("reason", Parameter.fromOrEmpty(reason == null ? null : shortened(reason), String.class))
                .fetch().rowsUpdated()
                .map(updated -> updated > 0);
    }

    /** Records many items finished in {@code state} in one statement, each unless it was taken over. */
    public Mono<Void> finishAll(Collection<Claim> claims, S state, Column... also) {
        if (claims.isEmpty()) {
            return Mono.empty();
        }
        List<Claim> rows = List.copyOf(claims);
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        update %1$s q set state = :state, leased_until = null, reason = null%3$s%4$s
                          from unnest(:ids::bigint[], :fences::bigint[]) as s(id, fence)
                         where q.%2$s = s.id and q.state = :inFlight and q.fence = s.fence"""
                        .formatted(table.name(), table.id(), sets(also), touch(":now")))
                .bind("state", state.name())
                .bind("inFlight", table.inFlight().name())
                .bind("ids", rows.stream().map(Claim::id).toArray(Long[]::new))
                .bind("fences", rows.stream().map(Claim::fence).toArray(Long[]::new));
        if (table.touched() != null) {
            spec = spec.bind("now", clock.instant());
        }
        return bindAll(spec, also).then();
    }

    /**
     * Puts the item back, due when {@code backoff} says after its attempts so far, with the reason
     * of this failure; gives it up instead once the backoff's attempts are spent. Emits whether it
     * will be tried again.
     */
    public Mono<Boolean> retry(Claim claim, String reason, Backoff backoff, Column... also) {
        Instant now = clock.instant();
        Optional<Instant> next = backoff.next(now, claim.attempts());
        if (next.isEmpty()) {
            return giveUp(claim, "gave up after " + claim.attempts() + " attempts: " + reason, also).thenReturn(false);
        }
        return fenced("state = :pending, due_at = :later, leased_until = null, reason = :reason" + sets(also), "", claim, now, also)
                .bind("pending", table.pending().name())
                .bind("later", next.get())
                .bind("reason", shortened(reason))
                .then()
                .thenReturn(true);
    }

    /**
     * Puts the item back, due at {@code due} (a wait the caller worked out itself, e.g. a backoff
     * with jitter), with the reason of this failure.
     */
    public Mono<Void> retryAt(Claim claim, String reason, Instant due, Column... also) {
        return fenced("state = :pending, due_at = :later, leased_until = null, reason = :reason" + sets(also), "", claim,
                clock.instant(), also)
                .bind("pending", table.pending().name())
                .bind("later", due)
                .bind("reason", shortened(reason))
                .then();
    }

    /**
     * Puts many items back untried in one statement, due at {@code due}, with {@code reason}: their
     * claim does not count as an attempt (for work the worker held back, e.g. while the remote side
     * refuses every call for a while). Items another instance took over are left alone.
     */
    public Mono<Void> postponeAll(Collection<Claim> claims, Instant due, String reason) {
        if (claims.isEmpty()) {
            return Mono.empty();
        }
        List<Claim> rows = List.copyOf(claims);
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        update %1$s q set state = :pending, due_at = :due, leased_until = null, reason = :reason,
                               attempts = greatest(q.attempts - 1, 0)%3$s
                          from unnest(:ids::bigint[], :fences::bigint[]) as s(id, fence)
                         where q.%2$s = s.id and q.state = :inFlight and q.fence = s.fence"""
                        .formatted(table.name(), table.id(), touch(":now")))
                .bind("pending", table.pending().name())
                .bind("inFlight", table.inFlight().name())
                .bind("due", due)
                .bind("reason", shortened(reason))
                .bind("ids", rows.stream().map(Claim::id).toArray(Long[]::new))
                .bind("fences", rows.stream().map(Claim::fence).toArray(Long[]::new));
        if (table.touched() != null) {
            spec = spec.bind("now", clock.instant());
        }
        return spec.then();
    }

    /** Gives the item up, recording why. */
    public Mono<Void> giveUp(Claim claim, String reason, Column... also) {
        Instant now = clock.instant();
        return fenced("state = :failed, leased_until = null, reason = :reason" + sets(also), "", claim, now, also)
                .bind("failed", table.failed().name())
                .bind("reason", shortened(reason))
                .fetch().rowsUpdated()
                .doOnNext(updated -> {
                    if (updated > 0) {
                        log.warn("{} item {} given up: {}", table.name(), claim.id(), reason);
                    }
                })
                .then();
    }

    /** The queue's figures at {@code now}. */
    public Mono<QueueSample> sample(Instant now) {
        return db.sql(sampleSql)
                .bind("pending", table.pending().name())
                .bind("inFlight", table.inFlight().name())
                .bind("failed", table.failed().name())
                .bind("now", now)
                .map(row -> {
                    Instant oldest = row.get("oldest", Instant.class);
                    return new QueueSample(row.get("due", Long.class), row.get("in_flight", Long.class),
                            row.get("failed", Long.class), oldest == null ? Duration.ZERO : Duration.between(oldest, now));
                })
                .one();
    }

    private DatabaseClient.GenericExecuteSpec fenced(String assignments, String condition, Claim claim, Instant now,
            Column[] also) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        update %1$s set %3$s%4$s
                         where %2$s = :id and state = :inFlight and fence = :fence%5$s"""
                        .formatted(table.name(), table.id(), assignments, touch(":now"), condition))
                .bind("id", claim.id())
                .bind("fence", claim.fence())
                .bind("inFlight", table.inFlight().name());
        if (table.touched() != null || !condition.isEmpty()) {
            spec = spec.bind("now", now);
        }
        return bindAll(spec, also);
    }

    private String touch(String value) {
        return table.touched() == null ? "" : ", " + table.touched() + " = " + value;
    }

    private static String sets(Column[] also) {
        StringBuilder sets = new StringBuilder();
        for (Column column : also) {
            sets.append(", ").append(column.name()).append(" = :also_").append(column.name());
        }
        return sets.toString();
    }

    private static DatabaseClient.GenericExecuteSpec bindAll(DatabaseClient.GenericExecuteSpec spec, Column[] also) {
        for (Column column : also) {
            spec = spec.bind("also_" + column.name(), Parameter.fromOrEmpty(column.value(), column.type()));
        }
        return spec;
    }

    private static String shortened(String reason) {
        return reason.length() <= LONGEST_REASON ? reason : reason.substring(0, LONGEST_REASON);
    }
}

package io.yutang.referral.board;

import io.yutang.referral.SharerKind;
import io.yutang.referral.ConversionKind;
import io.yutang.referral.attribution.Conversions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Referral's façade for leaderboards: Redis sorted sets per campaign, dimension and metric, moved
 * with every credit, reversal and scan. PostgreSQL holds the truth: a board whose campaign has no
 * "built" mark in Redis (a wiped or new Redis), or whose campaign is marked stale in PostgreSQL (a
 * move that failed after its credit was committed: Redis down, a cluster master failing over), is
 * rebuilt from it before it is read. Keys:
 * {@code <prefix>referral:board:{<campaign>}:<dimension>:<metric>} and {@code ...:{<campaign>}:built}.
 */
@Service
public class Leaderboards {

    private static final Logger log = LoggerFactory.getLogger(Leaderboards.class);

    private record Advocate(long id, SharerKind kind, String name, String department, String company) {
    }

    private final DatabaseClient db;
    private final ReactiveStringRedisTemplate redis;
    private final String prefix;

    Leaderboards(DatabaseClient db, ReactiveStringRedisTemplate redis,
            @Value("${yutang.redis.key-prefix:yutang:}") String prefix) {
        this.db = db;
        this.redis = redis;
        this.prefix = prefix + "referral:board:";
    }

    /** The top {@code limit} of a board. */
    public Mono<Leaderboard> board(long campaignId, BoardDimension dimension, BoardMetric metric, int limit) {
        return ensureBuilt(campaignId)
                .thenMany(redis.opsForZSet().reverseRangeWithScores(key(campaignId, dimension, metric), Range.closed(0L, (long) limit - 1)))
                .collectList()
                .flatMap(tuples -> labels(dimension, tuples).map(labels -> {
                    List<Leaderboard.Entry> entries = new ArrayList<>();
                    for (int i = 0; i < tuples.size(); i++) {
                        String member = tuples.get(i).getValue();
                        entries.add(new Leaderboard.Entry(i + 1, member, labels.getOrDefault(member, member),
                                Math.round(tuples.get(i).getScore())));
                    }
                    return new Leaderboard(campaignId, dimension, metric, entries);
                }));
    }

    /** A member's 1-based rank and score on a board; empty when they have none. */
    public Mono<Leaderboard.Entry> standing(long campaignId, BoardDimension dimension, BoardMetric metric, String member) {
        String key = key(campaignId, dimension, metric);
        return ensureBuilt(campaignId)
                .then(Mono.defer(() -> Mono.zip(redis.opsForZSet().reverseRank(key, member),
                        redis.opsForZSet().score(key, member))))
                .map(rs -> new Leaderboard.Entry(rs.getT1().intValue() + 1, member, member, Math.round(rs.getT2())));
    }

    /** Recomputes every board of the campaign from PostgreSQL and swaps them in. */
    public Mono<Void> rebuild(long campaignId) {
        return db.sql("""
                        select x.metric, a.id, a.kind, a.name, a.department, a.company, count(*) as n from (
                            select 'SCANS' as metric, l.advocate_sharer_id as advocate
                              from referral.touch t join referral.share_link l on l.id = t.share_link_id
                             where t.campaign_id = :campaign and t.channel in ('QR_FOLLOW', 'QR_SCAN') and not t.self_referral
                            union all
                            select r.kind, r.sharer_id from referral.credit r
                             where r.campaign_id = :campaign and r.role = 'ADVOCATE' and r.reversed_at is null
                        ) x join referral.sharer a on a.id = x.advocate
                        group by x.metric, a.id, a.kind, a.name, a.department, a.company""")
                .bind("campaign", campaignId)
                .map(row -> Map.entry(new Object[] {row.get("metric", String.class), advocate(row)}, row.get("n", Long.class)))
                .all()
                .collectList()
                .flatMap(rows -> {
                    Map<String, Map<String, Double>> boards = new HashMap<>();
                    for (var row : rows) {
                        String metric = (String) row.getKey()[0];
                        BoardMetric boardMetric = "SCANS".equals(metric) ? BoardMetric.SCANS : BoardMetric.of(ConversionKind.valueOf(metric));
                        Advocate advocate = (Advocate) row.getKey()[1];
                        members(advocate).forEach((dimension, member) -> boards
                                .computeIfAbsent(key(campaignId, dimension, boardMetric), k -> new HashMap<>())
                                .merge(member, row.getValue().doubleValue(), Double::sum));
                    }
                    return swapIn(campaignId, boards);
                });
    }

    /**
     * Counts a scan on the campaign's boards. A move that fails (its scan is already committed, so
     * it is not retried) marks the campaign's boards stale instead; this fails only when that
     * mark cannot be stored either.
     */
    public Mono<Void> scanned(long campaignId, long advocateSharerId) {
        return move(campaignId, BoardMetric.SCANS, advocateSharerId, 1)
                .onErrorResume(failed -> markStale(campaignId, failed));
    }

    /** Moves the boards by committed credit changes; as {@link #scanned}, a failed move marks its campaign stale. */
    public Mono<Void> apply(List<Conversions.CreditChange> changes) {
        return Flux.fromIterable(changes)
                .concatMap(change -> move(change.campaignId(), BoardMetric.of(change.kind()), change.advocateSharerId(), change.delta())
                        .onErrorResume(failed -> markStale(change.campaignId(), failed)))
                .then();
    }

    private Mono<Void> markStale(long campaignId, Throwable failed) {
        log.warn("Leaderboards of campaign {} missed a move ({}); they are rebuilt from PostgreSQL before they are read next",
                campaignId, failed.toString());
        return db.sql("""
                        insert into referral.stale_board (campaign_id, marked_at) values (:campaign, clock_timestamp())
                        on conflict (campaign_id) do update set marked_at = excluded.marked_at""")
                .bind("campaign", campaignId)
                .then();
    }

    private Mono<Void> move(long campaignId, BoardMetric metric, long advocateId, int delta) {
        return redis.hasKey(builtKey(campaignId)).flatMap(built -> !built ? Mono.<Void>empty() : advocate(advocateId)
                .flatMapMany(advocate -> Flux.fromIterable(members(advocate).entrySet()))
                .concatMap(member -> {
                    String key = key(campaignId, member.getKey(), metric);
                    return redis.opsForZSet().incrementScore(key, member.getValue(), delta)
                            .flatMap(score -> score <= 0 ? redis.opsForZSet().remove(key, member.getValue()).then()
                                    : Mono.<Void>empty());
                })
                .then());
    }

    private Mono<Void> ensureBuilt(long campaignId) {
        return db.sql("select marked_at from referral.stale_board where campaign_id = :campaign")
                .bind("campaign", campaignId)
                .map(row -> Optional.of(row.get("marked_at", Instant.class)))
                .one()
                .defaultIfEmpty(Optional.empty())
                .flatMap(stale -> stale.isPresent()
                        ? rebuild(campaignId).then(db.sql("""
                                        delete from referral.stale_board where campaign_id = :campaign and marked_at <= :marked""")
                                .bind("campaign", campaignId).bind("marked", stale.get()).then())
                        : redis.hasKey(builtKey(campaignId)).flatMap(built -> built ? Mono.<Void>empty() : rebuild(campaignId)));
    }

    private Mono<Void> swapIn(long campaignId, Map<String, Map<String, Double>> boards) {
        List<Mono<?>> steps = new ArrayList<>();
        for (BoardDimension dimension : BoardDimension.values()) {
            for (BoardMetric metric : BoardMetric.values()) {
                String key = key(campaignId, dimension, metric);
                Map<String, Double> scores = boards.get(key);
                if (scores == null) {
                    steps.add(redis.delete(key));
                } else {
                    String staging = key + ":rebuild";
                    List<ZSetOperations.TypedTuple<String>> tuples = scores.entrySet().stream()
                            .map(e -> ZSetOperations.TypedTuple.of(e.getKey(), e.getValue())).toList();
                    steps.add(redis.delete(staging)
                            .then(redis.opsForZSet().addAll(staging, tuples))
                            .then(redis.rename(staging, key)));
                }
            }
        }
        return Flux.concat(steps).then(redis.opsForValue().set(builtKey(campaignId), "1")).then();
    }

    private Mono<Map<String, String>> labels(BoardDimension dimension, List<ZSetOperations.TypedTuple<String>> tuples) {
        if (dimension != BoardDimension.EMPLOYEE || tuples.isEmpty()) {
            return Mono.just(Map.of());
        }
        Long[] ids = tuples.stream().map(t -> Long.valueOf(t.getValue())).toArray(Long[]::new);
        return db.sql("select id, name from referral.sharer where id = any(:ids)")
                .bind("ids", ids)
                .map(row -> Map.entry(String.valueOf(row.get("id", Long.class)), row.get("name", String.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private Mono<Advocate> advocate(long id) {
        return db.sql("select id, kind, name, department, company from referral.sharer where id = :id")
                .bind("id", id)
                .map(row -> advocate(row))
                .one();
    }

    private static Advocate advocate(io.r2dbc.spi.Readable row) {
        return new Advocate(row.get("id", Long.class), SharerKind.valueOf(row.get("kind", String.class)), row.get("name", String.class),
                row.get("department", String.class), row.get("company", String.class));
    }

    /** Where an advocate counts: employees by themselves and their department, partners by company. */
    private static Map<BoardDimension, String> members(Advocate advocate) {
        Map<BoardDimension, String> members = new HashMap<>();
        if (advocate.kind() == SharerKind.EMPLOYEE) {
            members.put(BoardDimension.EMPLOYEE, String.valueOf(advocate.id()));
            if (advocate.department() != null) {
                members.put(BoardDimension.DEPARTMENT, advocate.department());
            }
        } else if (advocate.kind() == SharerKind.PARTNER && advocate.company() != null) {
            members.put(BoardDimension.PARTNER, advocate.company());
        }
        return members;
    }

    /**
     * A campaign's boards, their rebuild copies and its built mark share the hash tag
     * {@code {campaignId}}: on a Redis Cluster they live in one slot, so the RENAME that swaps a
     * rebuilt board in is one atomic command on one master.
     */
    private String key(long campaignId, BoardDimension dimension, BoardMetric metric) {
        return campaign(campaignId) + dimension + ":" + metric;
    }

    private String builtKey(long campaignId) {
        return campaign(campaignId) + "built";
    }

    private String campaign(long campaignId) {
        return prefix + "{" + campaignId + "}:";
    }
}

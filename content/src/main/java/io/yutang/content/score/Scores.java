package io.yutang.content.score;

import io.yutang.referral.ContactId;
import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The tables {@code content.score} (each contact's latest score) and the inserts into {@code content.qualified_lead}. */
@Repository
class Scores {

    private static final String QUALIFICATION =
            "select id, contact_id, rule_version, score, detail, qualified_at, state from content.qualified_lead";

    private final DatabaseClient db;

    Scores(DatabaseClient db) {
        this.db = db;
    }

    record Scored(ContactId contact, ScoreCard card) {
    }

    /** A contact's stored score. */
    record Stored(ContactId contact, double score, int ruleVersion, Instant scoredAt) {
    }

    Mono<Void> save(List<Scored> scored, int version, Instant now) {
        if (scored.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                        insert into content.score (contact_id, score, rule_version, scored_at)
                        select c, s, :version, :now from unnest(:contacts::bigint[], :scores::float8[]) as u(c, s)
                        on conflict (contact_id) do update
                           set score = excluded.score, rule_version = excluded.rule_version, scored_at = excluded.scored_at""")
                .bind("version", version)
                .bind("now", now)
                .bind("contacts", scored.stream().map(s -> s.contact().value()).toArray(Long[]::new))
                .bind("scores", scored.stream().map(s -> s.card().total()).toArray(Double[]::new))
                .then();
    }

    /** Makes these contacts qualified leads under {@code version}, each unless it already is (a racing instance's insert is a no-op). */
    Mono<Void> qualify(List<Scored> qualifying, int version, List<String> details, Instant now) {
        if (qualifying.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                        insert into content.qualified_lead (contact_id, rule_version, score, detail, qualified_at, due_at)
                        select c, :version, s, d, :now, :now
                          from unnest(:contacts::bigint[], :scores::float8[], :details::text[]) as u(c, s, d)
                        on conflict (contact_id, rule_version) do nothing""")
                .bind("version", version)
                .bind("now", now)
                .bind("contacts", qualifying.stream().map(s -> s.contact().value()).toArray(Long[]::new))
                .bind("scores", qualifying.stream().map(s -> s.card().total()).toArray(Double[]::new))
                .bind("details", details.toArray(String[]::new))
                .then();
    }

    Mono<Stored> of(ContactId contact) {
        return db.sql("select score, rule_version, scored_at from content.score where contact_id = :contact")
                .bind("contact", contact.value())
                .map(row -> new Stored(contact, row.get("score", Double.class), row.get("rule_version", Integer.class),
                        row.get("scored_at", Instant.class)))
                .one();
    }

    Flux<QualifiedLead> qualifications(ContactId contact) {
        return db.sql(QUALIFICATION + " where contact_id = :contact order by id")
                .bind("contact", contact.value())
                .map(Scores::qualification)
                .all();
    }

    Flux<QualifiedLead> latestQualifications(int limit) {
        return db.sql(QUALIFICATION + " order by id desc limit :limit")
                .bind("limit", limit)
                .map(Scores::qualification)
                .all();
    }

    private static QualifiedLead qualification(io.r2dbc.spi.Readable row) {
        return new QualifiedLead(row.get("id", Long.class), row.get("contact_id", Long.class),
                row.get("rule_version", Integer.class), row.get("score", Double.class), row.get("detail", String.class),
                row.get("qualified_at", Instant.class), row.get("state", String.class));
    }
}

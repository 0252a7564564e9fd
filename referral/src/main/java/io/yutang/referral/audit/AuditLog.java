package io.yutang.referral.audit;

import io.r2dbc.spi.Readable;
import io.yutang.referral.AuditAction;
import io.yutang.referral.AuditEntry;
import io.yutang.referral.AuditPage;
import io.yutang.referral.AuditQuery;
import io.yutang.referral.AuditRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Appends to {@code referral.audit_log} and reads it back; the table refuses every other change. */
@Repository
public class AuditLog {

    private final DatabaseClient db;
    private final Clock clock;

    AuditLog(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Mono<Void> append(AuditEntry entry) {
        return db.sql("""
                        insert into referral.audit_log (recorded_at, actor, action, subject, people, detail)
                        values (:at, :actor, :action, :subject, :people, :detail)""")
                .bind("at", clock.instant()).bind("actor", entry.actor()).bind("action", entry.action().name())
                .bind("subject", entry.subject()).bind("people", entry.people()).bind("detail", entry.detail())
                .then();
    }

    public Mono<AuditPage> page(AuditQuery query) {
        List<String> where = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        if (query.actor() != null) {
            where.add("actor = :actor");
            values.put("actor", query.actor());
        }
        if (query.action() != null) {
            where.add("action = :action");
            values.put("action", query.action().name());
        }
        if (query.subject() != null) {
            if (query.subject().endsWith("*")) {
                where.add("subject like :subject escape '\\'");
                values.put("subject", query.subject().substring(0, query.subject().length() - 1)
                        .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            } else {
                where.add("subject = :subject");
                values.put("subject", query.subject());
            }
        }
        if (query.from() != null) {
            where.add("recorded_at >= :from");
            values.put("from", query.from());
        }
        if (query.to() != null) {
            where.add("recorded_at < :to");
            values.put("to", query.to());
        }
        if (query.before() != null) {
            where.add("id < :before");
            values.put("before", query.before());
        }
        DatabaseClient.GenericExecuteSpec spec = db.sql("select id, recorded_at, actor, action, subject, people, detail"
                + " from referral.audit_log" + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by id desc limit :limit");
        for (Map.Entry<String, Object> value : values.entrySet()) {
            spec = spec.bind(value.getKey(), value.getValue());
        }
        int limit = query.limit();
        return spec.bind("limit", limit + 1).map(AuditLog::record).all().collectList()
                .map(rows -> rows.size() > limit
                        ? new AuditPage(rows.subList(0, limit), String.valueOf(rows.get(limit - 1).id()))
                        : new AuditPage(rows, null));
    }

    private static AuditRecord record(Readable row) {
        return new AuditRecord(row.get("id", Long.class), row.get("recorded_at", Instant.class), row.get("actor", String.class),
                AuditAction.valueOf(row.get("action", String.class)), row.get("subject", String.class),
                row.get("people", Long.class), row.get("detail", String.class));
    }
}

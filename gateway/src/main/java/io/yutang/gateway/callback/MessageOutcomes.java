package io.yutang.gateway.callback;

import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Delivery reports and subscription decisions WeChat pushes, in the gateway's schema; writes are idempotent. */
@Repository
class MessageOutcomes {

    private final DatabaseClient db;

    MessageOutcomes(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> report(String appId, String msgId, String openid, String kind, String status, boolean delivered,
            Instant at) {
        return db.sql("""
                        insert into gateway.delivery_report (app_id, msg_id, openid, kind, status, delivered, reported_at)
                        values (:appId, :msgId, :openid, :kind, :status, :delivered, :at)
                        on conflict (app_id, msg_id, openid) do nothing""")
                .bind("appId", appId).bind("msgId", msgId).bind("openid", openid).bind("kind", kind)
                .bind("status", status).bind("delivered", delivered).bind("at", at)
                .then();
    }

    Mono<Void> decide(String appId, String openid, String templateId, boolean accepted, Instant at) {
        return db.sql("""
                        insert into gateway.subscription_grant (app_id, openid, template_id, accepted, decided_at)
                        values (:appId, :openid, :templateId, :accepted, :at)
                        on conflict (app_id, openid, template_id, decided_at) do nothing""")
                .bind("appId", appId).bind("openid", openid).bind("templateId", templateId)
                .bind("accepted", accepted).bind("at", at)
                .then();
    }

    /** The user turned a template off in WeChat's settings: grants not yet used for it lapse. */
    Mono<Void> withdraw(String appId, String openid, String templateId, Instant at) {
        return db.sql("""
                        update gateway.subscription_grant set consumed_at = :at
                        where app_id = :appId and openid = :openid and template_id = :templateId
                          and accepted and consumed_at is null and decided_at <= :at""")
                .bind("appId", appId).bind("openid", openid).bind("templateId", templateId).bind("at", at)
                .then();
    }

    /** Retention: deletes at most {@code batch} delivery reports received before {@code before}. */
    Mono<Long> purgeReports(Instant before, int batch) {
        return db.sql("""
                        delete from gateway.delivery_report
                         where (app_id, msg_id, openid) in (select app_id, msg_id, openid from gateway.delivery_report
                                                             where reported_at < :before
                                                             order by reported_at limit :batch for update skip locked)""")
                .bind("before", before).bind("batch", batch)
                .fetch().rowsUpdated();
    }
}

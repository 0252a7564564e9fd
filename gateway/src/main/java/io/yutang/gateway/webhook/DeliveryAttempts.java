package io.yutang.gateway.webhook;

import java.time.Clock;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The delivery log ({@code gateway.webhook_attempt}): every attempt with its status, latency and the start of the answer. */
@Component
class DeliveryAttempts {

    static final int KEPT_RESPONSE = 500;

    /**
     * One attempt as the API shows it.
     *
     * @param status the HTTP status, or null when there was no answer (then {@code error} says why)
     */
    record Attempt(long id, String messageId, Instant attemptedAt, Integer status, int latencyMillis, String response, String error) {
    }

    private final DatabaseClient db;
    private final Clock clock;

    DeliveryAttempts(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    Mono<Void> record(long endpointId, String messageId, Integer status, long latencyMillis, String response, String error) {
        return db.sql("""
                        insert into gateway.webhook_attempt (endpoint_id, message_id, attempted_at, status, latency_ms, response, error)
                        values (:endpoint, :message, :at, :status, :latency, :response, :error)""")
                .bind("endpoint", endpointId)
                .bind("message", messageId)
                .bind("at", clock.instant())
                .bind("status", Parameter.fromOrEmpty(status, Integer.class))
                .bind("latency", (int) Math.min(Integer.MAX_VALUE, latencyMillis))
                .bind("response", Parameter.fromOrEmpty(clip(response), String.class))
                .bind("error", Parameter.fromOrEmpty(clip(error), String.class))
                .then();
    }

    /** The endpoint's latest attempts, newest first, optionally of one message. */
    Flux<Attempt> of(long endpointId, String messageId, int limit) {
        return db.sql("""
                        select id, message_id, attempted_at, status, latency_ms, response, error from gateway.webhook_attempt
                         where endpoint_id = :endpoint and (cast(:message as text) is null or message_id = :message)
                         order by attempted_at desc, id desc limit :limit""")
                .bind("endpoint", endpointId)
                .bind("message", Parameter.fromOrEmpty(messageId, String.class))
                .bind("limit", limit)
                .map(row -> new Attempt(row.get("id", Long.class), row.get("message_id", String.class),
                        row.get("attempted_at", Instant.class), row.get("status", Integer.class), row.get("latency_ms", Integer.class),
                        row.get("response", String.class), row.get("error", String.class)))
                .all();
    }

    private static String clip(String text) {
        if (text == null) {
            return null;
        }
        String printable = text.replaceAll("\\p{Cntrl}&&[^\\n\\t]", "");
        return printable.length() > KEPT_RESPONSE ? printable.substring(0, KEPT_RESPONSE) : printable;
    }

    /** Retention: deletes at most {@code batch} attempts made before {@code before}. */
    Mono<Long> purge(Instant before, int batch) {
        return db.sql("""
                        delete from gateway.webhook_attempt
                         where id in (select id from gateway.webhook_attempt where attempted_at < :before
                                       order by attempted_at limit :batch for update skip locked)""")
                .bind("before", before).bind("batch", batch)
                .fetch().rowsUpdated();
    }
}

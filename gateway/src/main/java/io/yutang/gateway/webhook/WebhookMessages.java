package io.yutang.gateway.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The messages yutang publishes ({@code gateway.webhook_message}, one per fact: publishing the
 * same fact again is nothing) and their deliveries ({@code gateway.webhook_delivery}, one per
 * message and endpoint), written together in one statement. Every message is kept, whether an
 * endpoint wants it or not: they are also the integration API's change feed, and what a disabled
 * endpoint's recovery resends.
 */
@Component
class WebhookMessages {

    private final DatabaseClient db;
    private final JsonMapper json;
    private final Clock clock;

    WebhookMessages(DatabaseClient db, JsonMapper json, Clock clock) {
        this.db = db;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Publishes a fact to every enabled endpoint subscribed to its type. The body is the Standard
     * Webhooks payload: {@code {"type", "timestamp", "data"}}.
     */
    Mono<Void> publish(EventType type, String sourceKey, Long contactId, Instant occurredAt, Map<String, Object> data) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", type.wireName());
        payload.put("timestamp", occurredAt.toString());
        payload.put("data", data);
        Instant now = clock.instant();
        return db.sql("""
                        with m as (
                          insert into gateway.webhook_message (id, type, source_key, contact_id, body, occurred_at, created_at)
                          values (:id, :type, :key, :contact, :body, :at, :now)
                          on conflict (source_key) do nothing
                          returning id, type)
                        insert into gateway.webhook_delivery (message_id, endpoint_id, due_at)
                        select m.id, e.id, :now from m join gateway.webhook_endpoint e on e.enabled and m.type = any(e.event_types)
                        on conflict (message_id, endpoint_id) do nothing""")
                .bind("id", "msg_" + UUID.randomUUID().toString().replace("-", ""))
                .bind("type", type.wireName())
                .bind("key", sourceKey)
                .bind("contact", Parameter.fromOrEmpty(contactId, Long.class))
                .bind("body", json.writeValueAsString(payload))
                .bind("at", occurredAt)
                .bind("now", now)
                .then();
    }

    /** Which of these facts were published already. */
    Flux<String> published(Collection<String> sourceKeys) {
        if (sourceKeys.isEmpty()) {
            return Flux.empty();
        }
        return db.sql("select source_key from gateway.webhook_message where source_key = any(:keys)")
                .bind("keys", sourceKeys.toArray(String[]::new))
                .map(row -> row.get("source_key", String.class)).all();
    }

    /** The published messages of one type for these contacts: their source keys and bodies. */
    Flux<Map.Entry<String, String>> ofContacts(EventType type, Collection<Long> contacts) {
        return db.sql("select source_key, body from gateway.webhook_message where type = :type and contact_id = any(:contacts)")
                .bind("type", type.wireName())
                .bind("contacts", contacts.toArray(Long[]::new))
                .map(row -> Map.entry(row.get("source_key", String.class), row.get("body", String.class))).all();
    }

    /**
     * Makes these messages due again for one endpoint now (a replay, or what an endpoint missed
     * while disabled): deliveries are made where there were none, and reset where they ended or
     * gave up; one in flight gets a new fence, so the old claim cannot finish it. Emits how many.
     */
    Mono<Long> resend(long endpointId, String messageId, Instant from, Instant to) {
        return db.sql("""
                        insert into gateway.webhook_delivery (message_id, endpoint_id, due_at)
                        select m.id, e.id, :now
                          from gateway.webhook_message m join gateway.webhook_endpoint e on e.id = :endpoint and m.type = any(e.event_types)
                         where (cast(:message as text) is null or m.id = :message)
                           and (cast(:from as timestamptz) is null or m.created_at >= :from)
                           and (cast(:to as timestamptz) is null or m.created_at < :to)
                        on conflict (message_id, endpoint_id) do update
                           set state = 'PENDING', due_at = excluded.due_at, leased_until = null, attempts = 0,
                               fence = gateway.webhook_delivery.fence + 1, reason = 'resent', done_at = null""")
                .bind("endpoint", endpointId)
                .bind("message", Parameter.fromOrEmpty(messageId, String.class))
                .bind("from", Parameter.fromOrEmpty(from, Instant.class))
                .bind("to", Parameter.fromOrEmpty(to, Instant.class))
                .bind("now", clock.instant())
                .fetch().rowsUpdated();
    }

    /** A delivery's message: its id, type and body, for the sender. */
    Mono<String[]> forDelivery(long deliveryId) {
        return db.sql("""
                        select d.endpoint_id, m.id, m.body from gateway.webhook_delivery d
                          join gateway.webhook_message m on m.id = d.message_id where d.id = :id""")
                .bind("id", deliveryId)
                .map(row -> new String[] {String.valueOf(row.get("endpoint_id", Long.class)), row.get("id", String.class),
                        row.get("body", String.class)})
                .one();
    }
}

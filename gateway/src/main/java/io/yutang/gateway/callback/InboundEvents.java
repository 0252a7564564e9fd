package io.yutang.gateway.callback;

import io.yutang.gateway.GatewayProperties;
import io.yutang.referral.work.WorkState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The store of inbound events in the gateway's schema. Each is stored due for the sweeper
 * {@code sweepAfter} after its receipt; the sweeper claims it through a {@code WorkQueue}.
 */
@Repository
public class InboundEvents {

    private final DatabaseClient db;
    private final Clock clock;
    private final Duration sweepAfter;

    InboundEvents(DatabaseClient db, Clock clock, GatewayProperties properties) {
        this.db = db;
        this.clock = clock;
        this.sweepAfter = properties.sweepAfter();
    }

    /** Stores events in one statement; returns those that were new (not stored by an earlier delivery). */
    Flux<Stored> storeAll(List<Incoming> incoming) {
        Instant receivedAt = clock.instant();
        int n = incoming.size();
        String[] appIds = new String[n];
        String[] keys = new String[n];
        String[] types = new String[n];
        String[] eventNames = new String[n];
        String[] openids = new String[n];
        String[] eventKeys = new String[n];
        String[] msgIds = new String[n];
        Long[] createdAt = new Long[n];
        String[] xmls = new String[n];
        for (int i = 0; i < n; i++) {
            InboundMessage message = incoming.get(i).message();
            appIds[i] = incoming.get(i).appId();
            keys[i] = message.dedupeKey();
            types[i] = message.msgType();
            eventNames[i] = message.event();
            openids[i] = message.openid();
            eventKeys[i] = message.eventKey();
            msgIds[i] = message.msgId();
            createdAt[i] = message.createdAt().getEpochSecond();
            xmls[i] = message.xml();
        }
        return db.sql("""
                        insert into gateway.inbound_event
                            (app_id, dedupe_key, msg_type, event, openid, event_key, msg_id, created_at, received_at, xml, due_at)
                        select a, k, t, e, o, ek, m, to_timestamp(c), :receivedAt, x, :sweepableAt
                          from unnest(:appIds::text[], :keys::text[], :types::text[], :events::text[], :openids::text[],
                                      :eventKeys::text[], :msgIds::text[], :createdAt::bigint[], :xmls::text[])
                               as i(a, k, t, e, o, ek, m, c, x)
                        on conflict (app_id, dedupe_key) do nothing
                        returning id, app_id, dedupe_key""")
                .bind("appIds", appIds)
                .bind("keys", keys)
                .bind("types", types)
                .bind("events", eventNames)
                .bind("openids", openids)
                .bind("eventKeys", eventKeys)
                .bind("msgIds", msgIds)
                .bind("createdAt", createdAt)
                .bind("xmls", xmls)
                .bind("receivedAt", receivedAt)
                .bind("sweepableAt", receivedAt.plus(sweepAfter))
                .map(row -> new Stored(new Key(row.get("app_id", String.class), row.get("dedupe_key", String.class)),
                        row.get("id", Long.class)))
                .all();
    }

    Mono<Void> handled(List<Long> ids) {
        return db.sql("""
                        update gateway.inbound_event set state = :done, handled_at = :now, leased_until = null, reason = null
                        where id = any(:ids)""")
                .bind("done", WorkState.DONE.name())
                .bind("ids", ids.toArray(Long[]::new))
                .bind("now", clock.instant())
                .then();
    }

    /** Keeps why handling an event failed; the sweeper takes it over once it is due. */
    Mono<Void> failed(long id, Throwable failure) {
        return db.sql("update gateway.inbound_event set reason = :reason where id = :id and state = :pending")
                .bind("id", id)
                .bind("pending", WorkState.PENDING.name())
                .bind("reason", failure.getClass().getSimpleName() + ": " + failure.getMessage())
                .then();
    }

    record Incoming(String appId, InboundMessage message) {
    }

    record Key(String appId, String dedupeKey) {
    }

    record Stored(Key key, long id) {
    }

    /** An event as stored, for the sandbox's list. */
    public record Listed(String msgType, String event, String eventKey, Instant createdAt, Instant receivedAt, boolean handled) {
    }

    /** The newest events stored for one user, at most {@code limit}. */
    public Flux<Listed> newestOf(String appId, String openid, int limit) {
        return db.sql("""
                        select msg_type, event, event_key, created_at, received_at, handled_at is not null as handled
                        from gateway.inbound_event where app_id = :appId and openid = :openid
                        order by id desc limit :limit""")
                .bind("appId", appId)
                .bind("openid", openid)
                .bind("limit", limit)
                .map(row -> new Listed(row.get("msg_type", String.class), row.get("event", String.class),
                        row.get("event_key", String.class), row.get("created_at", Instant.class),
                        row.get("received_at", Instant.class), Boolean.TRUE.equals(row.get("handled", Boolean.class))))
                .all();
    }

    /**
     * Whether the user did something since {@code since} that opens WeChat's customer-service
     * window: sent a message, followed, scanned or clicked the menu.
     */
    public Mono<Boolean> interactedSince(String appId, String openid, Instant since) {
        return db.sql("""
                        select exists (select 1 from gateway.inbound_event
                                        where app_id = :app and openid = :openid and created_at > :since
                                          and (msg_type <> 'event' or event in ('subscribe', 'SCAN', 'CLICK'))) as open""")
                .bind("app", appId)
                .bind("openid", openid)
                .bind("since", since)
                .map(row -> Boolean.TRUE.equals(row.get("open", Boolean.class)))
                .one();
    }

    /** A stored event the sweeper applies again. */
    record Unhandled(long id, String appId, String xml) {
    }

    /** The stored events with these ids, by id. */
    Mono<Map<Long, Unhandled>> byIds(List<Long> ids) {
        return db.sql("select id, app_id, xml from gateway.inbound_event where id = any(:ids)")
                .bind("ids", ids.toArray(Long[]::new))
                .map(row -> new Unhandled(row.get("id", Long.class), row.get("app_id", String.class), row.get("xml", String.class)))
                .all()
                .collectMap(Unhandled::id);
    }

    /**
     * Retention: clears the raw XML of at most {@code batch} handled events received before
     * {@code before}. The row stays (its unique key keeps deduplicating WeChat's retries and its
     * columns keep the event's facts); only the body, which holds whatever the person sent, goes.
     */
    Mono<Long> clearRawXml(Instant before, int batch) {
        return db.sql("""
                        update gateway.inbound_event set xml = null
                         where id in (select id from gateway.inbound_event
                                       where xml is not null and state = 'DONE' and received_at < :before
                                       order by received_at limit :batch for update skip locked)""")
                .bind("before", before).bind("batch", batch)
                .fetch().rowsUpdated();
    }
}

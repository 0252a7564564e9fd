package io.yutang.gateway.integration;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the webhook messages ({@code gateway.webhook_message}) as a change feed. Pages go in the
 * order transactions wrote them, (transaction id, sequence), and only over transactions older than
 * every one still running ({@code pg_snapshot_xmin}): a row written by a transaction still in flight
 * is not passed over, it shows after the cursor once committed. So pages stay consistent however
 * writes interleave: no row skipped, none repeated.
 */
@Component
class ChangeFeed {

    /** One change: the message's id (the webhook's {@code webhook-id}), type, time and data. */
    record Change(String id, String type, Instant timestamp, JsonNode data) {
    }

    /** A page and the cursor to ask for the next; {@code more} says whether a next page is ready now. */
    record Page(List<Change> items, String next, boolean more) {
    }

    private final DatabaseClient db;
    private final JsonMapper json;

    ChangeFeed(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    Mono<Page> after(String cursor, Collection<String> types, boolean personalData, int limit) {
        return Mono.defer(() -> page(decode(cursor), types, personalData, limit));
    }

    private Mono<Page> page(long[] position, Collection<String> types, boolean personalData, int limit) {
        return db.sql("""
                        select id, type, body, seq, txid::text as txid from gateway.webhook_message
                         where txid < pg_snapshot_xmin(pg_current_snapshot())
                           and (txid, seq) > (cast(:txid as xid8), :seq)
                           and type = any(:types)
                         order by txid, seq
                         limit :limit""")
                .bind("txid", String.valueOf(position[0]))
                .bind("seq", position[1])
                .bind("types", types.toArray(String[]::new))
                .bind("limit", limit + 1)
                .map(row -> new Object[] {row.get("id", String.class), row.get("type", String.class), row.get("body", String.class),
                        row.get("seq", Long.class), Long.parseLong(row.get("txid", String.class))})
                .all()
                .collectList()
                .map(rows -> {
                    boolean more = rows.size() > limit;
                    List<Object[]> shown = more ? rows.subList(0, limit) : rows;
                    List<Change> items = new ArrayList<>();
                    for (Object[] row : shown) {
                        JsonNode body = json.readTree((String) row[2]);
                        JsonNode data = body.path("data");
                        if (!personalData && data instanceof ObjectNode fields) {
                            fields.remove("answers");
                            fields.remove("identity");
                            if (fields.path("contact") instanceof ObjectNode contact) {
                                contact.remove("openid");
                            }
                        }
                        items.add(new Change((String) row[0], (String) row[1], Instant.parse(body.path("timestamp").asString()), data));
                    }
                    String next = shown.isEmpty() ? encode(position[0], position[1])
                            : encode((Long) shown.get(shown.size() - 1)[4], (Long) shown.get(shown.size() - 1)[3]);
                    return new Page(items, next, more);
                });
    }

    /** The {@code data} of a stored message body. */
    JsonNode data(String body) {
        return json.readTree(body).path("data");
    }

    static String encode(long txid, long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("v1:" + txid + ":" + seq).getBytes(StandardCharsets.UTF_8));
    }

    static long[] decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return new long[] {0, 0};
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8).split(":");
            if (parts.length != 3 || !parts[0].equals("v1")) {
                throw new InvalidCursor();
            }
            long txid = Long.parseLong(parts[1]);
            long seq = Long.parseLong(parts[2]);
            if (txid < 0 || seq < 0) {
                throw new InvalidCursor();
            }
            return new long[] {txid, seq};
        } catch (IllegalArgumentException e) {
            throw new InvalidCursor();
        }
    }
}

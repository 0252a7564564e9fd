package io.yutang.livestream.attendance;

import io.yutang.livestream.event.LiveEvent;
import io.yutang.livestream.event.LiveEvents;
import io.yutang.referral.ContactId;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Takes in a live platform's viewing log: each good row becomes a viewing session (uploading the
 * same log again adds nothing), each bad row is reported with its number and reason.
 */
@Component
class ViewingLog {

    /** What an upload did. */
    record Outcome(int accepted, List<Map<String, Object>> errors) {
    }

    private final DatabaseClient db;
    private final LiveEvents events;
    private final Attendance attendance;

    ViewingLog(DatabaseClient db, LiveEvents events, Attendance attendance) {
        this.db = db;
        this.events = events;
        this.attendance = attendance;
    }

    Mono<Outcome> ingest(long eventId, List<ViewingLogRow> rows) {
        return events.find(eventId).flatMap(event -> {
            List<Map<String, Object>> errors = new ArrayList<>();
            return Flux.range(0, rows.size())
                    .concatMap(index -> accept(event, index + 1, rows.get(index), errors))
                    .count()
                    .map(accepted -> new Outcome(accepted.intValue(), errors));
        });
    }

    private Mono<Boolean> accept(LiveEvent event, int row, ViewingLogRow line, List<Map<String, Object>> errors) {
        if (line == null) {
            errors.add(error(row, "row: empty"));
            return Mono.empty();
        }
        Instant joined = instant(line.joinedAt());
        Instant left = instant(line.leftAt());
        String problem = line.viewerId() == null || line.viewerId().isBlank() ? "viewerId: required"
                // PostgreSQL refuses NUL in text, which surfaced as a 500; no openid is longer than 64 characters.
                : line.viewerId().length() > 64 || line.viewerId().chars().anyMatch(Character::isISOControl)
                        ? "viewerId: at most 64 characters, without control characters"
                : joined == null ? "joinedAt: an ISO-8601 instant such as 2026-12-03T12:00:00Z"
                : left == null ? "leftAt: an ISO-8601 instant such as 2026-12-03T13:00:00Z"
                : left.isBefore(joined) ? "leftAt: before joinedAt"
                : !"LIVE".equals(line.mode()) && !"REPLAY".equals(line.mode()) ? "mode: LIVE or REPLAY"
                : null;
        if (problem != null) {
            errors.add(error(row, problem));
            return Mono.empty();
        }
        return db.sql("select contact_id from livestream.registration where event_id = :event and openid = :openid")
                .bind("event", event.id()).bind("openid", line.viewerId().strip())
                .map(found -> new ContactId(found.get("contact_id", Long.class)))
                .one()
                .flatMap(contact -> attendance.reported(event, contact, joined, left, "LIVE".equals(line.mode())).thenReturn(true))
                .switchIfEmpty(Mono.fromRunnable(() -> errors.add(error(row, "viewerId: not a registrant of this event"))));
    }

    private static Map<String, Object> error(int row, String problem) {
        int colon = problem.indexOf(':');
        return Map.of("row", row, "field", problem.substring(0, colon), "reason", problem.substring(colon + 2));
    }

    private static Instant instant(String value) {
        try {
            return value == null ? null : Instant.parse(value.strip());
        } catch (DateTimeParseException malformed) {
            return null;
        }
    }
}

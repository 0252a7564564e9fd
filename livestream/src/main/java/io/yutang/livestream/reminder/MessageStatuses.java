package io.yutang.livestream.reminder;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads what happened to the messages planned for an event's registrants (planned, sent, logged,
 * skipped and why, failed and why), and says it in a sentence from the message bundle.
 */
@Service
public class MessageStatuses {

    /** The most messages one listing returns. */
    public static final int LIMIT = 5_000;

    private static final String COLUMNS = """
            r.id, r.registration_id, r.purpose, r.offset_seconds, r.state, r.channel, r.reason, r.due_at, r.sent_at,
            r.attempts, r.updated_at""";

    private final DatabaseClient db;
    private final MessageSource messages;

    MessageStatuses(DatabaseClient db, MessageSource messages) {
        this.db = db;
        this.messages = messages;
    }

    /** The event's messages in one state (every state when null), by registration then due time. */
    public Flux<MessageStatus> ofEvent(long eventId, String state, Locale locale) {
        var spec = db.sql("select " + COLUMNS + """
                 from livestream.reminder r join livestream.registration g on g.id = r.registration_id
                where g.event_id = :event""" + (state == null ? "" : " and r.state = :state") + """

                order by r.registration_id, r.due_at, r.id limit :limit""")
                .bind("event", eventId).bind("limit", LIMIT);
        return (state == null ? spec : spec.bind("state", state)).map(row -> read(row, locale)).all();
    }

    /** One registration's messages by due time, or {@link UnknownRegistration} when the event has no such registration. */
    public Flux<MessageStatus> ofRegistration(long eventId, long registrationId, Locale locale) {
        return db.sql("select id from livestream.registration where id = :registration and event_id = :event")
                .bind("registration", registrationId).bind("event", eventId)
                .map(row -> row.get("id", Long.class)).one()
                .switchIfEmpty(Mono.error(UnknownRegistration::new))
                .thenMany(db.sql("select " + COLUMNS + """
                                 from livestream.reminder r where r.registration_id = :registration
                                order by r.due_at, r.id""")
                        .bind("registration", registrationId)
                        .map(row -> read(row, locale)).all());
    }

    private MessageStatus read(Readable row, Locale locale) {
        String state = row.get("state", String.class);
        String reason = row.get("reason", String.class);
        Integer attempts = row.get("attempts", Integer.class);
        return new MessageStatus(row.get("id", Long.class), row.get("registration_id", Long.class),
                Purpose.of(row.get("purpose", String.class)).name(), row.get("offset_seconds", Long.class), state,
                row.get("channel", String.class), reason, explain(state, reason, locale), row.get("due_at", Instant.class),
                row.get("sent_at", Instant.class), attempts == null ? 0 : attempts, row.get("updated_at", Instant.class));
    }

    private String explain(String state, String reason, Locale locale) {
        String said = messages.getMessage("message.state." + state, null, state, locale);
        return reason == null ? said : messages.getMessage("message.state.with-reason", new Object[] {said, reasons(reason, locale)},
                said + ": " + reason, locale);
    }

    /** Each part of a recorded reason ("cancelled", "TEMPLATE: not a follower; SMS: no phone …") in words from the bundle. */
    private String reasons(String reason, Locale locale) {
        String whole = messages.getMessage(key(reason), null, null, locale);
        if (whole != null) {
            return whole;
        }
        List<String> said = new ArrayList<>();
        for (String part : reason.split("; ")) {
            int colon = part.indexOf(": ");
            String channel = colon < 0 ? null : part.substring(0, colon);
            boolean named = channel != null && channel.chars().allMatch(c -> c == '_' || Character.isUpperCase(c));
            String why = named ? part.substring(colon + 2) : part;
            String text = messages.getMessage(key(why), null, why, locale);
            said.add(named ? messages.getMessage("message.channel." + channel, null, channel, locale) + ": " + text : text);
        }
        return String.join(messages.getMessage("message.reason.separator", null, "; ", locale), said);
    }

    private static String key(String reason) {
        return "message.reason." + reason.toLowerCase(Locale.ROOT).replace(' ', '-');
    }
}

package io.yutang.livestream.event;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import io.yutang.livestream.Channel;
import io.yutang.livestream.LivestreamProperties;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live events table: events as marketing creates and edits them ({@link EventEdits} says
 * what an edit does to registrations and messages), and the lock that registrations, cancellations
 * and edits of one event take their turn by.
 */
@Service
public class LiveEvents {

    private static final Duration LONGEST_OFFSET = Duration.ofDays(30);
    private static final Set<String> URL_SCHEMES = Set.of("http", "https");
    private static final TypeReference<List<RegistrationField>> FIELDS = new TypeReference<>() {
    };

    private final DatabaseClient db;
    private final LivestreamProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    LiveEvents(DatabaseClient db,
            LivestreamProperties properties, JsonMapper json, Clock clock) {
        this.db = db;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /** Creates an event (a draft unless the draft says otherwise). */
    public Mono<LiveEvent> create(LiveEventDraft draft) {
        return Mono.fromCallable(() -> normalized(draft)).flatMap(valid -> {
            Instant now = clock.instant();
            return bindAll(db.sql("""
                            insert into livestream.live_event (title, description, starts_at, ends_at, capacity,
                                   registration_fields, consent_text, reminder_offsets, channels, template_id,
                                   subscribe_template_id, watch_url, replay_url, survey_url, status, created_at, updated_at)
                            values (:title, :description, :startsAt, :endsAt, :capacity, :fields, :consent, :offsets,
                                    :channels, :templateId, :subscribeTemplateId, :watchUrl, :replayUrl, :surveyUrl,
                                    :status, :now, :now)
                            returning *"""), valid)
                    .bind("now", now)
                    .map(this::event)
                    .one();
        });
    }

    /**
     * Inside the caller's transaction: locks the event and replaces its settings; emits the event
     * before and after. A new start or reminder plan counts a new schedule version.
     */
    Mono<EventEdit> edit(long id, LiveEventDraft draft, Instant now) {
        return Mono.fromCallable(() -> normalized(draft)).flatMap(valid -> locked(id).flatMap(before -> {
            boolean moved = !before.startsAt().equals(valid.startsAt()) || !before.reminderOffsets().equals(valid.reminderOffsets());
            return bindAll(db.sql("""
                            update livestream.live_event set title = :title, description = :description,
                                   starts_at = :startsAt, ends_at = :endsAt, capacity = :capacity,
                                   registration_fields = :fields, consent_text = :consent, reminder_offsets = :offsets,
                                   channels = :channels, template_id = :templateId,
                                   subscribe_template_id = :subscribeTemplateId, watch_url = :watchUrl,
                                   replay_url = :replayUrl, survey_url = :surveyUrl, status = :status,
                                   schedule_version = schedule_version + :moved, updated_at = :now
                             where id = :id
                            returning *"""), valid)
                    .bind("moved", moved ? 1 : 0)
                    .bind("now", now)
                    .bind("id", id)
                    .map(this::event)
                    .one()
                    .map(after -> new EventEdit(before, after));
        }));
    }

    /**
     * The event, locked until the caller's transaction ends: registrations, cancellations and
     * edits of one event take their turn, so capacity, queue order and the schedule hold.
     */
    public Mono<LiveEvent> locked(long id) {
        return db.sql("select * from livestream.live_event where id = :id for update").bind("id", id)
                .map(this::event).one()
                .switchIfEmpty(Mono.error(UnknownLiveEvent::new));
    }

    /** The event with this id. */
    public Mono<LiveEvent> find(long id) {
        return db.sql("select * from livestream.live_event where id = :id").bind("id", id)
                .map(this::event).one()
                .switchIfEmpty(Mono.error(UnknownLiveEvent::new));
    }

    /**
     * The event as prospects may see it: a DRAFT is unknown to them ({@link UnknownLiveEvent}, 404),
     * on every H5 page and beacon alike.
     */
    public Mono<LiveEvent> published(long id) {
        return find(id).filter(event -> event.status() != EventStatus.DRAFT)
                .switchIfEmpty(Mono.error(UnknownLiveEvent::new));
    }

    /** Every event, the next to start first. */
    public Flux<LiveEvent> list() {
        return db.sql("select * from livestream.live_event order by starts_at desc, id desc limit 500").map(this::event).all();
    }

    private LiveEventDraft normalized(LiveEventDraft draft) {
        List<Map<String, String>> errors = new ArrayList<>();
        if (!draft.endsAt().isAfter(draft.startsAt())) {
            errors.add(Map.of("field", "endsAt", "reason", "must be after startsAt"));
        }
        List<RegistrationField> fields = draft.registrationFields() == null
                ? List.of(new RegistrationField("name", null, true), new RegistrationField("company", null, true),
                        new RegistrationField("phone", null, false))
                : draft.registrationFields();
        Set<String> keys = new HashSet<>();
        for (RegistrationField field : fields) {
            if (!keys.add(field.key())) {
                errors.add(Map.of("field", "registrationFields", "reason", "key " + field.key() + " appears twice"));
            }
        }
        List<Duration> offsets = draft.reminderOffsets() == null ? properties.defaultReminderOffsets() : draft.reminderOffsets();
        for (Duration offset : offsets) {
            if (offset.isNegative() || offset.compareTo(LONGEST_OFFSET) > 0) {
                errors.add(Map.of("field", "reminderOffsets", "reason", "each offset must lie between 0 and 30 days"));
            }
        }
        if (new HashSet<>(offsets).size() != offsets.size()) {
            errors.add(Map.of("field", "reminderOffsets", "reason", "offsets must differ"));
        }
        List<Channel> channels = draft.channels() == null || draft.channels().isEmpty() ? defaultChannels(draft) : draft.channels();
        if (new HashSet<>(channels).size() != channels.size()) {
            errors.add(Map.of("field", "channels", "reason", "channels must differ"));
        }
        if (channels.contains(Channel.TEMPLATE) && blank(draft.templateId())) {
            errors.add(Map.of("field", "templateId", "reason", "the TEMPLATE channel needs a template id"));
        }
        if (channels.contains(Channel.SUBSCRIPTION) && blank(draft.subscribeTemplateId())) {
            errors.add(Map.of("field", "subscribeTemplateId", "reason", "the SUBSCRIPTION channel needs a subscription template id"));
        }
        checkUrl("watchUrl", draft.watchUrl(), errors);
        checkUrl("replayUrl", draft.replayUrl(), errors);
        checkUrl("surveyUrl", draft.surveyUrl(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidLiveEvent(errors);
        }
        return new LiveEventDraft(draft.title().strip(), draft.description(), draft.startsAt(), draft.endsAt(),
                draft.capacity(), fields, draft.consentText(), offsets.stream().sorted((a, b) -> b.compareTo(a)).toList(),
                channels, blankToNull(draft.templateId()), blankToNull(draft.subscribeTemplateId()), draft.watchUrl(),
                draft.replayUrl(), draft.surveyUrl(), draft.status() == null ? EventStatus.DRAFT : draft.status());
    }

    private static List<Channel> defaultChannels(LiveEventDraft draft) {
        List<Channel> channels = new ArrayList<>();
        if (!blank(draft.templateId())) {
            channels.add(Channel.TEMPLATE);
        }
        if (!blank(draft.subscribeTemplateId())) {
            channels.add(Channel.SUBSCRIPTION);
        }
        channels.add(Channel.CUSTOMER_SERVICE);
        return channels;
    }

    private static void checkUrl(String field, URI url, List<Map<String, String>> errors) {
        if (url != null && (url.getScheme() == null || !URL_SCHEMES.contains(url.getScheme()) || url.getHost() == null)) {
            errors.add(Map.of("field", field, "reason", "must be an http(s) address"));
        }
    }

    private GenericExecuteSpec bindAll(GenericExecuteSpec spec, LiveEventDraft draft) {
        return spec.bind("title", draft.title())
                .bind("description", nullable(draft.description()))
                .bind("startsAt", draft.startsAt())
                .bind("endsAt", draft.endsAt())
                .bind("capacity", draft.capacity() == null ? Parameter.empty(Integer.class)
                        : Parameter.from(draft.capacity()))
                .bind("fields", Json.of(json.writeValueAsString(draft.registrationFields())))
                .bind("consent", nullable(draft.consentText()))
                .bind("offsets", draft.reminderOffsets().stream().map(Duration::toSeconds).toArray(Long[]::new))
                .bind("channels", draft.channels().stream().map(Enum::name).toArray(String[]::new))
                .bind("templateId", nullable(draft.templateId()))
                .bind("subscribeTemplateId", nullable(draft.subscribeTemplateId()))
                .bind("watchUrl", nullable(draft.watchUrl() == null ? null : draft.watchUrl().toString()))
                .bind("replayUrl", nullable(draft.replayUrl() == null ? null : draft.replayUrl().toString()))
                .bind("surveyUrl", nullable(draft.surveyUrl() == null ? null : draft.surveyUrl().toString()))
                .bind("status", draft.status().name());
    }

    private static Parameter nullable(String value) {
        return Parameter.fromOrEmpty(value, String.class);
    }

    private LiveEvent event(Readable row) {
        Long[] offsets = row.get("reminder_offsets", Long[].class);
        String[] channels = row.get("channels", String[].class);
        return new LiveEvent(row.get("id", Long.class), row.get("title", String.class), row.get("description", String.class),
                row.get("starts_at", Instant.class), row.get("ends_at", Instant.class), row.get("capacity", Integer.class),
                json.readValue(row.get("registration_fields", Json.class).asString(), FIELDS),
                row.get("consent_text", String.class),
                Arrays.stream(offsets).map(Duration::ofSeconds).toList(),
                Arrays.stream(channels).map(Channel::valueOf).toList(),
                row.get("template_id", String.class), row.get("subscribe_template_id", String.class),
                uri(row.get("watch_url", String.class)), uri(row.get("replay_url", String.class)),
                uri(row.get("survey_url", String.class)), EventStatus.valueOf(row.get("status", String.class)),
                row.get("schedule_version", Integer.class));
    }

    private static URI uri(String value) {
        return value == null ? null : URI.create(value);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String blankToNull(String value) {
        return blank(value) ? null : value.strip();
    }
}

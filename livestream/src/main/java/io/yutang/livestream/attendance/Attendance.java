package io.yutang.livestream.attendance;

import io.yutang.livestream.event.LiveEvent;
import io.yutang.livestream.event.LiveEvents;
import io.yutang.referral.Attribution;
import io.yutang.referral.Behaviour;
import io.yutang.referral.BehaviourKind;
import io.yutang.referral.Behaviours;
import io.yutang.referral.ContactId;
import io.yutang.referral.ConversionClaim;
import io.yutang.referral.ConversionKind;
import io.yutang.referral.TargetKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Attendance: viewing sessions from the live page (join, heartbeat every 30 s, leave), the watch
 * redirect and live platforms' logs, in one model. Joining while the event runs is an attendance,
 * credited by referral once per attendee; a credit that fails is retried by {@link #creditStragglers}.
 */
@Service
public class Attendance {

    private static final Logger log = LoggerFactory.getLogger(Attendance.class);
    /** Watch time is reported to the behaviour log at every such mark of a session, and when it ends. */
    private static final Duration WATCH_MARK = Duration.ofMinutes(5);

    /** Where a viewing was recorded. */
    public enum Source {
        PAGE,
        REDIRECT,
        PLATFORM
    }

    private final DatabaseClient db;
    private final LiveEvents events;
    private final Attribution attribution;
    private final Behaviours behaviours;
    private final Clock clock;

    Attendance(DatabaseClient db, LiveEvents events, Attribution attribution, Behaviours behaviours, Clock clock) {
        this.behaviours = behaviours;
        this.db = db;
        this.events = events;
        this.attribution = attribution;
        this.clock = clock;
    }

    /** The contact started watching now; the same session key twice is one session. Emits whether it is live. */
    public Mono<Boolean> joined(long eventId, ContactId contact, String sessionKey, Source source) {
        Instant now = clock.instant();
        return events.published(eventId).flatMap(event -> {
            boolean live = now.isBefore(event.endsAt());
            return record(event, contact, sessionKey, source, live, now, now, null).thenReturn(live);
        });
    }

    /**
     * The session is still watching (or, {@code leaving}, stopped); false when there is no such
     * open session of this contact. The first sign of life after the start credits the attendance.
     */
    public Mono<Boolean> heartbeat(long eventId, ContactId contact, String sessionKey, boolean leaving) {
        Instant now = clock.instant();
        return db.sql("""
                        with open as (
                            select id, last_seen_at as seen from livestream.viewing
                             where event_id = :event and session_key = :key and contact_id = :contact and ended_at is null)
                        update livestream.viewing v set last_seen_at = greatest(v.last_seen_at, :now),
                               ended_at = case when :leaving then coalesce(v.ended_at, :now) else v.ended_at end
                          from open where v.id = open.id
                        returning v.mode, (select bool_or(c.credited_at is not null) from livestream.viewing c
                                            where c.event_id = :event and c.contact_id = :contact) as credited,
                                  floor(extract(epoch from (v.last_seen_at - v.started_at)) / :mark)
                                      > floor(extract(epoch from (open.seen - v.started_at)) / :mark) as crossed""")
                .bind("now", now).bind("leaving", leaving).bind("event", eventId).bind("key", sessionKey)
                .bind("contact", contact.value()).bind("mark", (double) WATCH_MARK.toSeconds())
                .map(row -> new Beat(row.get("mode", String.class), Boolean.TRUE.equals(row.get("credited", Boolean.class)),
                        Boolean.TRUE.equals(row.get("crossed", Boolean.class))))
                .one()
                .flatMap(beat -> (leaving || beat.crossed() ? watched(eventId, contact, beat.mode()) : Mono.<Void>empty())
                        .then(!"LIVE".equals(beat.mode()) || beat.credited() ? Mono.just(true) : events.find(eventId)
                                .flatMap(event -> attending(event, now, now) ? credit(event, contact, now) : Mono.empty())
                                .thenReturn(true)))
                .defaultIfEmpty(false);
    }

    private record Beat(String mode, boolean credited, boolean crossed) {
    }

    /**
     * Tells referral's behaviour log how long the contact has watched the event, live or as a
     * replay, over all their sessions (lead scoring reads it); reported again as it grows.
     */
    private Mono<Void> watched(long eventId, ContactId contact, String mode) {
        boolean live = "LIVE".equals(mode);
        return db.sql("""
                        select min(started_at) as first,
                               coalesce(sum(extract(epoch from (coalesce(ended_at, last_seen_at) - started_at))), 0)::int as seconds
                          from livestream.viewing where event_id = :event and contact_id = :contact and mode = :mode""")
                .bind("event", eventId).bind("contact", contact.value()).bind("mode", mode)
                .map(row -> new Behaviour(contact, live ? BehaviourKind.ATTENDANCE : BehaviourKind.REPLAY,
                        "live_event:" + eventId, Math.max(0, row.get("seconds", Integer.class)), null,
                        row.get("first", Instant.class), (live ? "attendance:" : "replay:") + eventId + ":" + contact.value()))
                .one()
                .flatMap(behaviours::record);
    }

    /** Whether a live session from {@code started} to {@code lastSeen} overlaps the event's own time. */
    private static boolean attending(LiveEvent event, Instant started, Instant lastSeen) {
        return !lastSeen.isBefore(event.startsAt()) && started.isBefore(event.endsAt());
    }

    /** A viewing a live platform reported; idempotent on (viewer, join time). */
    Mono<Void> reported(LiveEvent event, ContactId contact, Instant joined, Instant left, boolean live) {
        return record(event, contact, "platform:" + contact.value() + ":" + joined.toEpochMilli() + ":" + (live ? "L" : "R"),
                Source.PLATFORM, live, joined, left, left);
    }

    private Mono<Void> record(LiveEvent event, ContactId contact, String sessionKey, Source source, boolean live,
            Instant started, Instant lastSeen, Instant ended) {
        return db.sql("""
                        insert into livestream.viewing (event_id, registration_id, contact_id, mode, source, session_key,
                               started_at, last_seen_at, ended_at)
                        select :event, (select id from livestream.registration where event_id = :event and contact_id = :contact),
                               :contact, :mode, :source, :key, :started, :lastSeen, :ended
                        on conflict (event_id, session_key) do nothing
                        returning id""")
                .bind("event", event.id())
                .bind("contact", contact.value())
                .bind("mode", live ? "LIVE" : "REPLAY")
                .bind("source", source.name())
                .bind("key", sessionKey)
                .bind("started", started)
                .bind("lastSeen", lastSeen)
                .bind("ended", Parameter.fromOrEmpty(ended, Instant.class))
                .map(row -> row.get("id", Long.class))
                .one()
                .flatMap(fresh -> (ended != null ? watched(event.id(), contact, live ? "LIVE" : "REPLAY") : Mono.<Void>empty())
                        .then(live && attending(event, started, lastSeen)
                                ? credit(event, contact, started.isBefore(event.startsAt()) ? event.startsAt() : started)
                                : Mono.empty()));
    }

    /**
     * Credits live attendances whose credit did not go through when they were recorded (referral
     * briefly unavailable, an instance stopped in between); crediting is idempotent.
     */
    public Mono<Void> creditStragglers(Instant before) {
        return db.sql("""
                        select v.event_id, v.contact_id, greatest(min(v.started_at), e.starts_at) as at
                          from livestream.viewing v join livestream.live_event e on e.id = v.event_id
                         where v.mode = 'LIVE' and v.credited_at is null and v.started_at < :before
                           and v.last_seen_at >= e.starts_at and v.started_at < e.ends_at
                           and (v.credit_tried_at is null or v.credit_tried_at < :before)
                           and not exists (select 1 from livestream.viewing c
                                            where c.event_id = v.event_id and c.contact_id = v.contact_id
                                              and c.credited_at is not null)
                         group by v.event_id, v.contact_id, e.starts_at
                         order by min(v.credit_tried_at) nulls first
                         limit 200""")
                .bind("before", before)
                .map(row -> new Straggler(row.get("event_id", Long.class), new ContactId(row.get("contact_id", Long.class)),
                        row.get("at", Instant.class)))
                .all()
                .concatMap(straggler -> events.find(straggler.eventId())
                        .flatMap(event -> credit(event, straggler.contact(), straggler.at())))
                .then();
    }

    private record Straggler(long eventId, ContactId contact, Instant at) {
    }

    private Mono<Void> credit(LiveEvent event, ContactId contact, Instant at) {
        return db.sql("select share_token from livestream.registration where event_id = :event and contact_id = :contact")
                .bind("event", event.id()).bind("contact", contact.value())
                .map(row -> java.util.Optional.ofNullable(row.get("share_token", String.class)))
                .one()
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(token -> attribution.converted(new ConversionClaim(contact, ConversionKind.ATTENDANCE,
                        "attendance:" + event.id() + ":" + contact.value(), at, TargetKind.LIVE_EVENT,
                        String.valueOf(event.id()), token.orElse(null))))
                .then(db.sql("""
                                update livestream.viewing set credited_at = :now
                                 where id = (select id from livestream.viewing where event_id = :event and contact_id = :contact
                                                and mode = 'LIVE' order by started_at, id limit 1)""")
                        .bind("now", clock.instant()).bind("event", event.id()).bind("contact", contact.value()).then())
                .onErrorResume(failure -> {
                    log.warn("Attendance at event {} not credited yet; retried later", event.id(), failure);
                    return db.sql("""
                                    update livestream.viewing set credit_tried_at = :now
                                     where event_id = :event and contact_id = :contact and mode = 'LIVE'""")
                            .bind("now", clock.instant()).bind("event", event.id()).bind("contact", contact.value())
                            .then()
                            .onErrorResume(unavailable -> Mono.empty());
                });
    }

    /** Retention: deletes at most {@code batch} viewing sessions last seen before {@code before}. */
    Mono<Long> purgeViewings(Instant before, int batch) {
        return db.sql("""
                        delete from livestream.viewing
                         where id in (select id from livestream.viewing
                                       where last_seen_at < :before and coalesce(ended_at, last_seen_at) < :before
                                       order by last_seen_at limit :batch for update skip locked)""")
                .bind("before", before).bind("batch", batch)
                .fetch().rowsUpdated();
    }
}

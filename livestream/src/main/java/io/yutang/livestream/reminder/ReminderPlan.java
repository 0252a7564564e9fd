package io.yutang.livestream.reminder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Plans the messages of a registration as rows, inside the caller's transaction: a confirmation,
 * one reminder per offset before the start, change notices, the follow-up. Each row is unique per
 * (registration, purpose), so planning twice plans once. A reminder whose time has already passed
 * is recorded as skipped, never sent late.
 */
@Component
public class ReminderPlan {

    private final DatabaseClient db;

    ReminderPlan(DatabaseClient db) {
        this.db = db;
    }

    /**
     * A confirmed registration (new, renewed after a cancellation, or promoted from the waitlist):
     * the notice now, reminders before the start. {@code round} counts the contact's registrations
     * for this event, so a renewed registration is confirmed again.
     */
    public Mono<Void> registered(long registrationId, int round, boolean promoted, Instant startsAt, List<Duration> offsets,
            Instant now) {
        return notice(registrationId, inRound(promoted ? Purpose.PROMOTED : Purpose.CONFIRMATION, round), now)
                .then(db.sql("""
                                insert into livestream.reminder (registration_id, purpose, offset_seconds, due_at, state, reason, updated_at)
                                select :registration, :beforeStart || o, o, :startsAt - make_interval(secs => o),
                                       case when :startsAt - make_interval(secs => o) < :now then :skipped else :pending end,
                                       case when :startsAt - make_interval(secs => o) < :now then 'time passed before registration' end,
                                       :now
                                  from unnest(:offsets::bigint[]) as o
                                on conflict (registration_id, purpose) do update
                                   set state = :pending, reason = null, due_at = excluded.due_at, updated_at = excluded.updated_at
                                 where livestream.reminder.state = :skipped and excluded.state = :pending
                                   and livestream.reminder.reason = 'cancelled'""")
                        .bind("registration", registrationId)
                        .bind("beforeStart", Purpose.BEFORE_START.prefix())
                        .bind("skipped", ReminderState.SKIPPED.name())
                        .bind("pending", ReminderState.PENDING.name())
                        .bind("startsAt", startsAt)
                        .bind("now", now)
                        .bind("offsets", offsets.stream().map(Duration::toSeconds).toArray(Long[]::new))
                        .then());
    }

    /** A registration that went onto the waitlist: it is told so now; reminders wait for promotion. */
    public Mono<Void> waitlisted(long registrationId, int round, Instant now) {
        return notice(registrationId, inRound(Purpose.WAITLISTED, round), now);
    }

    private static String inRound(Purpose purpose, int round) {
        return round == 1 ? purpose.stored() : purpose.stored(round);
    }

    /** A cancelled registration: nothing still pending goes out. */
    public Mono<Void> cancelled(long registrationId, Instant now) {
        return db.sql("""
                        update livestream.reminder set state = :skipped, reason = 'cancelled', updated_at = :now
                         where registration_id = :registration and state = :pending""")
                .bind("registration", registrationId)
                .bind("skipped", ReminderState.SKIPPED.name())
                .bind("pending", ReminderState.PENDING.name())
                .bind("now", now)
                .then();
    }

    /**
     * The event moved (or its plan changed): every reminder before the start of every confirmed
     * registration takes its new time; those still ahead are armed again (a new generation, so
     * WeChat does not take the resend for a duplicate), those passed are skipped; and, when the
     * start moved, one change notice per registration, replacing an older one not yet sent.
     */
    public Mono<Void> rescheduled(long eventId, Instant startsAt, List<Duration> offsets, int version, boolean startMoved,
            Instant now) {
        Long[] seconds = offsets.stream().map(Duration::toSeconds).toArray(Long[]::new);
        Mono<Void> dropRemoved = db.sql("""
                        update livestream.reminder r set state = :skipped, reason = 'removed from the plan', updated_at = :now
                          from livestream.registration g
                         where g.id = r.registration_id and g.event_id = :event and r.state = :pending
                           and r.purpose like :beforeStart || '%' and not (r.offset_seconds = any(:offsets::bigint[]))""")
                .bind("event", eventId).bind("now", now).bind("offsets", seconds)
                .bind("beforeStart", Purpose.BEFORE_START.prefix())
                .bind("skipped", ReminderState.SKIPPED.name()).bind("pending", ReminderState.PENDING.name()).then();
        Mono<Void> replan = db.sql("""
                        insert into livestream.reminder (registration_id, purpose, offset_seconds, due_at, state, reason, updated_at)
                        select g.id, :beforeStart || o, o, :startsAt - make_interval(secs => o),
                               case when :startsAt - make_interval(secs => o) < :now then :skipped else :pending end,
                               case when :startsAt - make_interval(secs => o) < :now then 'time passed after rescheduling' end,
                               :now
                          from livestream.registration g, unnest(:offsets::bigint[]) as o
                         where g.event_id = :event and g.status = 'REGISTERED'
                        on conflict (registration_id, purpose) do update
                           set due_at = excluded.due_at, state = excluded.state, reason = excluded.reason, attempts = 0,
                               generation = livestream.reminder.generation
                                            + case when livestream.reminder.state = :pending then 0 else 1 end,
                               updated_at = excluded.updated_at
                         where (livestream.reminder.due_at <> excluded.due_at or livestream.reminder.reason = 'removed from the plan')
                           and livestream.reminder.state <> :sending
                           and not (livestream.reminder.state <> :pending and excluded.state = :skipped)""")
                .bind("event", eventId).bind("startsAt", startsAt).bind("now", now).bind("offsets", seconds)
                .bind("beforeStart", Purpose.BEFORE_START.prefix())
                .bind("skipped", ReminderState.SKIPPED.name()).bind("pending", ReminderState.PENDING.name())
                .bind("sending", ReminderState.SENDING.name()).then();
        Mono<Void> notices = !startMoved ? Mono.empty() : db.sql("""
                        update livestream.reminder r set state = :skipped, reason = 'superseded by a later change', updated_at = :now
                          from livestream.registration g
                         where g.id = r.registration_id and g.event_id = :event and r.state = :pending
                           and r.purpose like :rescheduled || '%'""")
                .bind("event", eventId).bind("now", now).bind("rescheduled", Purpose.RESCHEDULED.prefix())
                .bind("skipped", ReminderState.SKIPPED.name()).bind("pending", ReminderState.PENDING.name()).then()
                .then(db.sql("""
                                insert into livestream.reminder (registration_id, purpose, due_at, state, updated_at)
                                select g.id, :purpose, :now, :pending, :now
                                  from livestream.registration g
                                 where g.event_id = :event and g.status in ('REGISTERED', 'WAITLISTED')
                                on conflict (registration_id, purpose) do nothing""")
                        .bind("event", eventId).bind("purpose", Purpose.RESCHEDULED.stored(version)).bind("now", now)
                        .bind("pending", ReminderState.PENDING.name()).then());
        return dropRemoved.then(replan).then(notices);
    }

    /**
     * The event ended: every confirmed registrant gets the replay (worded for those who watched
     * live and for those who missed it), and live attendees the survey. Once per registration.
     */
    public Mono<Void> followUp(long eventId, boolean replay, boolean survey, Instant now) {
        Mono<Void> replays = !replay ? Mono.empty() : db.sql("""
                        insert into livestream.reminder (registration_id, purpose, due_at, state, updated_at)
                        select g.id, case when exists (select 1 from livestream.viewing v join livestream.live_event e on e.id = v.event_id
                                                        where v.event_id = g.event_id and v.contact_id = g.contact_id
                                                          and v.mode = 'LIVE' and v.last_seen_at > e.starts_at
                                                          and v.started_at < e.ends_at)
                                    then :attended else :missed end,
                               :now, :pending, :now
                          from livestream.registration g
                         where g.event_id = :event and g.status = 'REGISTERED'
                           and not exists (select 1 from livestream.reminder r
                                            where r.registration_id = g.id and r.purpose in (:attended, :missed))
                        on conflict (registration_id, purpose) do nothing""")
                .bind("event", eventId).bind("now", now)
                .bind("attended", Purpose.REPLAY_ATTENDED.stored()).bind("missed", Purpose.REPLAY_MISSED.stored())
                .bind("pending", ReminderState.PENDING.name()).then();
        Mono<Void> surveys = !survey ? Mono.empty() : db.sql("""
                        insert into livestream.reminder (registration_id, purpose, due_at, state, updated_at)
                        select g.id, :survey, :now, :pending, :now
                          from livestream.registration g
                         where g.event_id = :event and g.status = 'REGISTERED'
                           and exists (select 1 from livestream.viewing v join livestream.live_event e on e.id = v.event_id
                                        where v.event_id = g.event_id and v.contact_id = g.contact_id and v.mode = 'LIVE'
                                          and v.last_seen_at > e.starts_at and v.started_at < e.ends_at)
                        on conflict (registration_id, purpose) do nothing""")
                .bind("event", eventId).bind("now", now).bind("survey", Purpose.SURVEY.stored())
                .bind("pending", ReminderState.PENDING.name()).then();
        return replays.then(surveys);
    }

    private Mono<Void> notice(long registrationId, String purpose, Instant now) {
        return db.sql("""
                        insert into livestream.reminder (registration_id, purpose, due_at, state, updated_at)
                        values (:registration, :purpose, :now, :pending, :now)
                        on conflict (registration_id, purpose) do nothing""")
                .bind("registration", registrationId)
                .bind("pending", ReminderState.PENDING.name())
                .bind("purpose", purpose)
                .bind("now", now)
                .then();
    }
}

package io.yutang.livestream.attendance;

import io.yutang.referral.SharerKind;
import io.yutang.livestream.event.LiveEvents;
import io.yutang.referral.Attribution;
import io.yutang.referral.ConversionCredit;
import io.yutang.referral.Sharer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.context.MessageSource;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Per-event figures from registrations and viewings. An attendee's sessions are merged
 * ({@code range_agg}) so overlapping tabs or a platform log beside the page count once; live
 * time is clipped to the event's own start and end.
 */
@Service
public class AttendanceReports {

    private static final String WATCHED = """
            with spans as (
                select v.contact_id, v.mode,
                       case when v.mode = 'LIVE' then tstzrange(greatest(v.started_at, e.starts_at), least(v.last_seen_at, e.ends_at))
                            else tstzrange(v.started_at, v.last_seen_at) end as span
                  from livestream.viewing v join livestream.live_event e on e.id = v.event_id
                 where v.event_id = :event
                   and (v.mode = 'REPLAY' or (v.last_seen_at > e.starts_at and v.started_at < e.ends_at))),
            merged as (
                select contact_id, mode, range_agg(span) as spans from spans group by contact_id, mode),
            watched as (
                select contact_id,
                       sum(case when mode = 'LIVE' then seconds else 0 end)::bigint as live_seconds,
                       sum(case when mode = 'REPLAY' then seconds else 0 end)::bigint as replay_seconds
                  from (select contact_id, mode,
                               (select coalesce(sum(extract(epoch from upper(s) - lower(s))), 0) from unnest(spans) as s) as seconds
                          from merged) per_mode
                 group by contact_id)
            """;

    private record Registrant(long registrationId, String sourceKey, long liveSeconds) {
    }

    private final DatabaseClient db;
    private final LiveEvents events;
    private final Attribution attribution;
    private final MessageSource messages;

    AttendanceReports(DatabaseClient db, LiveEvents events, Attribution attribution, MessageSource messages) {
        this.db = db;
        this.events = events;
        this.attribution = attribution;
        this.messages = messages;
    }

    /** The event's registration and attendance figures. */
    public Mono<EventReport> report(long eventId) {
        return events.find(eventId).then(db.sql(WATCHED + """
                        select (select count(*) from livestream.registration where event_id = :event and status = 'REGISTERED') as registered,
                               (select count(*) from livestream.registration where event_id = :event and status = 'WAITLISTED') as waitlisted,
                               (select count(*) from livestream.registration where event_id = :event and status = 'CANCELLED') as cancelled,
                               (select count(*) from watched w join livestream.registration g
                                    on g.event_id = :event and g.contact_id = w.contact_id and g.status = 'REGISTERED'
                                 where w.live_seconds > 0) as attended_registrants,
                               count(*) filter (where live_seconds > 0) as attended,
                               coalesce(avg(live_seconds) filter (where live_seconds > 0), 0)::bigint as mean_live,
                               coalesce(percentile_disc(0.5) within group (order by live_seconds) filter (where live_seconds > 0), 0) as median_live,
                               count(*) filter (where replay_seconds > 0) as replay_viewers
                          from watched""")
                .bind("event", eventId)
                .map(row -> {
                    long registered = row.get("registered", Long.class);
                    long attendedRegistrants = row.get("attended_registrants", Long.class);
                    return new EventReport(eventId, registered, row.get("waitlisted", Long.class), row.get("cancelled", Long.class),
                            row.get("attended", Long.class), registered == 0 ? 0 : (double) attendedRegistrants / registered,
                            row.get("mean_live", Long.class), row.get("median_live", Long.class), row.get("replay_viewers", Long.class),
                            Map.of());
                })
                .one()
                .zipWith(messages(eventId), (report, messages) -> new EventReport(report.eventId(), report.registered(),
                        report.waitlisted(), report.cancelled(), report.attended(), report.attendanceRate(),
                        report.meanLiveSeconds(), report.medianLiveSeconds(), report.replayViewers(), messages)));
    }

    /** The event's messages by state ({@code LOGGED}: written to the log only, no SMS provider configured). */
    private Mono<Map<String, Long>> messages(long eventId) {
        return db.sql("""
                        select r.state, count(*) as n from livestream.reminder r
                          join livestream.registration g on g.id = r.registration_id
                         where g.event_id = :event group by r.state""")
                .bind("event", eventId)
                .map(row -> Map.entry(row.get("state", String.class), row.get("n", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, TreeMap::new);
    }

    /**
     * The confirmed registrants grouped by who brought them (as referral credited their
     * registration), with each group's attendance; the biggest group first.
     */
    public Flux<SplitRow> split(long eventId, ReportSplit by) {
        return events.find(eventId).thenMany(db.sql(WATCHED + """
                        select g.id, coalesce(w.live_seconds, 0) as live_seconds,
                               -- the key the registration's round was credited with (Registrations#sourceKey)
                               'registration:' || g.id || case when g.round > 1 then ':' || g.round else '' end as source_key
                          from livestream.registration g left join watched w on w.contact_id = g.contact_id
                         where g.event_id = :event and g.status = 'REGISTERED'""")
                .bind("event", eventId)
                .map(row -> new Registrant(row.get("id", Long.class), row.get("source_key", String.class),
                        row.get("live_seconds", Long.class)))
                .all())
                .collectList()
                .flatMapMany(registrants -> attribution.creditsOf(registrants.stream()
                                .map(Registrant::sourceKey).toList())
                        .collectMap(ConversionCredit::sourceKey)
                        .flatMapMany(credits -> Flux.fromIterable(group(registrants, credits, by))));
    }

    private List<SplitRow> group(List<Registrant> registrants, Map<String, ConversionCredit> credits, ReportSplit by) {
        String organic = messages.getMessage("report.organic", null, Locale.SIMPLIFIED_CHINESE);
        Map<String, String> labels = new HashMap<>();
        Map<String, List<Registrant>> groups = new LinkedHashMap<>();
        for (Registrant registrant : registrants) {
            ConversionCredit credit = credits.get(registrant.sourceKey());
            Sharer who = credit == null ? null : by == ReportSplit.REFERRER ? credit.referrer() : credit.advocate();
            String key;
            String label;
            if (who == null || by == ReportSplit.REP && who.kind() != SharerKind.EMPLOYEE
                    || by == ReportSplit.PARTNER && (who.kind() != SharerKind.PARTNER || who.company() == null)
                    || by == ReportSplit.DEPARTMENT && (who.kind() != SharerKind.EMPLOYEE || who.department() == null)) {
                key = "organic";
                label = organic;
            } else {
                key = switch (by) {
                    case REFERRER, REP -> String.valueOf(who.id());
                    case PARTNER -> who.company();
                    case DEPARTMENT -> who.department();
                };
                label = by == ReportSplit.PARTNER ? who.company() : by == ReportSplit.DEPARTMENT ? who.department() : who.name();
            }
            labels.putIfAbsent(key, label);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(registrant);
        }
        List<SplitRow> rows = new ArrayList<>();
        groups.forEach((key, members) -> {
            long attended = members.stream().filter(r -> r.liveSeconds() > 0).count();
            long mean = attended == 0 ? 0 : members.stream().filter(r -> r.liveSeconds() > 0)
                    .mapToLong(Registrant::liveSeconds).sum() / attended;
            rows.add(new SplitRow(key, labels.get(key), members.size(), attended, (double) attended / members.size(), mean));
        });
        rows.sort(Comparator.comparingLong(SplitRow::registered).reversed().thenComparing(SplitRow::key));
        return rows;
    }

    /** Everyone registered or watching, most live time first. */
    public Flux<Attendee> attendees(long eventId) {
        return events.find(eventId).thenMany(db.sql(WATCHED + """
                        select coalesce(g.contact_id, w.contact_id) as contact_id, coalesce(g.status, 'WALK_IN') as status,
                               g.answers ->> 'name' as name, g.answers ->> 'company' as company,
                               g.answers ->> 'phone' as phone, g.answers ->> 'email' as email,
                               coalesce(w.live_seconds, 0) as live_seconds, coalesce(w.replay_seconds, 0) as replay_seconds
                          from (select * from livestream.registration where event_id = :event) g
                          full join watched w on w.contact_id = g.contact_id
                         order by live_seconds desc, contact_id""")
                .bind("event", eventId)
                .map(row -> new Attendee(row.get("contact_id", Long.class), row.get("status", String.class),
                        row.get("name", String.class), row.get("company", String.class),
                        row.get("phone", String.class), row.get("email", String.class), row.get("live_seconds", Long.class), row.get("replay_seconds", Long.class)))
                .all());
    }
}

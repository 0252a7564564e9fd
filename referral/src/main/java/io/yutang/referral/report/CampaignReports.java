package io.yutang.referral.report;

import io.yutang.referral.report.Funnel.Step;
import io.yutang.referral.report.Funnel.StepCount;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads the day-by-day activity and the funnels from the attribution tables and the behaviour log.
 * A day's scans are the touches (a scan of a sharer's code or an open of their link, by anyone but
 * the sharer); follows, registrations and leads are the behaviours reported; attendees and qualified
 * leads are distinct people. A funnel counts distinct people, and a credit taken back (an unfollow
 * within the clawback) no longer counts; its last steps are what the CRM reported of the people the
 * campaign brought (accepted, opportunity, won).
 */
@Component
class CampaignReports {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final DatabaseClient db;
    private final Clock clock;

    CampaignReports(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The last {@code days} days, today last, each day present even when nothing happened. */
    Flux<DailyActivity> activity(int days) {
        LocalDate today = LocalDate.now(clock.withZone(CHINA));
        LocalDate first = today.minusDays(days - 1L);
        return db.sql("""
                        with d as (
                          select (b.occurred_at at time zone 'Asia/Shanghai')::date as day, b.kind, b.contact_id
                            from referral.behaviour b
                           where b.occurred_at >= (:first::timestamp at time zone 'Asia/Shanghai')
                             and b.kind in ('FOLLOW', 'REGISTRATION', 'ATTENDANCE', 'LEAD')
                          union all
                          select (t.occurred_at at time zone 'Asia/Shanghai')::date, 'SCAN', t.contact_id
                            from referral.touch t
                           where t.occurred_at >= (:first::timestamp at time zone 'Asia/Shanghai') and not t.self_referral
                          union all
                          select (v.occurred_at at time zone 'Asia/Shanghai')::date, 'QUALIFIED_LEAD', v.contact_id
                            from referral.conversion v
                           where v.kind = 'QUALIFIED_LEAD' and v.occurred_at >= (:first::timestamp at time zone 'Asia/Shanghai'))
                        select day,
                               count(*) filter (where kind = 'SCAN') as scans,
                               count(*) filter (where kind = 'FOLLOW') as follows,
                               count(*) filter (where kind = 'REGISTRATION') as registrations,
                               count(distinct contact_id) filter (where kind = 'ATTENDANCE') as attendees,
                               count(*) filter (where kind = 'LEAD') as leads,
                               count(distinct contact_id) filter (where kind = 'QUALIFIED_LEAD') as qualified
                          from d group by day""")
                .bind("first", first.toString())
                .map(row -> new DailyActivity(row.get("day", LocalDate.class), row.get("scans", Long.class),
                        row.get("follows", Long.class), row.get("registrations", Long.class), row.get("attendees", Long.class),
                        row.get("leads", Long.class), row.get("qualified", Long.class)))
                .all()
                .collectMap(DailyActivity::day)
                .flatMapMany(found -> Flux.range(0, days).map(first::plusDays)
                        .map(day -> found.getOrDefault(day, new DailyActivity(day, 0, 0, 0, 0, 0, 0))));
    }

    Mono<Funnel> funnel(long campaignId, FunnelGrouping by) {
        String key = switch (by) {
            case NONE -> "null::text";
            case ADVOCATE -> "a.id::text";
            case DEPARTMENT -> "coalesce(a.department, '')";
        };
        String label = switch (by) {
            case NONE -> "null::text";
            case ADVOCATE -> "a.name";
            case DEPARTMENT -> "coalesce(a.department, '')";
        };
        return db.sql("""
                        with credited as (
                          select k.sharer_id as advocate, v.contact_id, v.kind
                            from referral.conversion v
                            join referral.credit k on k.conversion_id = v.id and k.role = 'ADVOCATE' and k.reversed_at is null
                           where v.campaign_id = :c and v.outcome = 'CREDITED' and v.reversed_at is null
                        ), reached as (
                          select l.advocate_sharer_id as advocate, t.contact_id, 'SCANNED' as step
                            from referral.touch t join referral.share_link l on l.id = t.share_link_id
                           where t.campaign_id = :c and not t.self_referral
                          union all
                          select advocate, contact_id,
                                 case kind when 'FOLLOW' then 'FOLLOWED' when 'REGISTRATION' then 'REGISTERED'
                                           when 'ATTENDANCE' then 'ATTENDED' else kind end
                            from credited
                          union all
                          -- What the CRM reported of the people the campaign brought: a won deal was an accepted
                          -- lead and an opportunity too, whether or not the CRM reported those steps.
                          select p.advocate, b.contact_id, step
                            from referral.behaviour b
                            join (select distinct advocate, contact_id from credited) p on p.contact_id = b.contact_id
                            cross join lateral unnest(case b.kind
                                   when 'CRM_WON' then array['CRM_ACCEPTED', 'CRM_OPPORTUNITY', 'CRM_WON']
                                   when 'CRM_OPPORTUNITY' then array['CRM_ACCEPTED', 'CRM_OPPORTUNITY']
                                   else array['CRM_ACCEPTED'] end) as step
                           where b.kind in ('CRM_ACCEPTED', 'CRM_OPPORTUNITY', 'CRM_WON'))
                        select %s as key, min(%s) as label, r.step, count(distinct r.contact_id) as people
                          from reached r join referral.sharer a on a.id = r.advocate
                         group by 1, r.step""".formatted(key, label))
                .bind("c", campaignId)
                .map(row -> new Object[] {row.get("key", String.class), row.get("label", String.class),
                        Step.valueOf(row.get("step", String.class)), row.get("people", Long.class)})
                .all()
                .collectList()
                .map(rows -> {
                    Map<String, String> labels = new LinkedHashMap<>();
                    Map<String, Map<Step, Long>> counts = new LinkedHashMap<>();
                    if (by == FunnelGrouping.NONE) {
                        counts.put(null, new EnumMap<>(Step.class));
                    }
                    for (Object[] row : rows) {
                        labels.putIfAbsent((String) row[0], (String) row[1]);
                        counts.computeIfAbsent((String) row[0], k -> new EnumMap<>(Step.class)).put((Step) row[2], (Long) row[3]);
                    }
                    List<Funnel.Group> groups = new ArrayList<>();
                    counts.forEach((group, steps) -> groups.add(new Funnel.Group(group, labels.get(group), steps(steps))));
                    groups.sort((a, b) -> Long.compare(b.steps().get(0).people(), a.steps().get(0).people()));
                    return new Funnel(campaignId, by, groups);
                });
    }

    private static List<StepCount> steps(Map<Step, Long> counts) {
        List<StepCount> steps = new ArrayList<>();
        Long previous = null;
        for (Step step : Step.values()) {
            long people = counts.getOrDefault(step, 0L);
            Double rate = previous == null || previous == 0 ? null : Math.round(1000.0 * people / previous) / 1000.0;
            steps.add(new StepCount(step, people, rate));
            previous = people;
        }
        return steps;
    }
}

package io.yutang.livestream.reminder;

import io.yutang.referral.work.Claim;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;

/** What sending needs of claimed messages (the registrant, the event), loaded in one query per batch. */
final class DueReminders {

    private final DatabaseClient db;

    DueReminders(DatabaseClient db) {
        this.db = db;
    }

    Flux<Due> of(List<Claim> claims) {
        Map<Long, Claim> byId = claims.stream().collect(Collectors.toMap(Claim::id, Function.identity()));
        return db.sql("""
                        select r.id, r.registration_id, r.purpose, r.offset_seconds, r.generation, r.channel,
                               g.contact_id, g.app_id, g.openid, g.answers, g.consented_at, g.status as registration_status, e.id as event_id,
                               e.title, e.starts_at, e.channels, e.template_id, e.subscribe_template_id, e.replay_url, e.survey_url
                          from livestream.reminder r
                          join livestream.registration g on g.id = r.registration_id
                          join livestream.live_event e on e.id = g.event_id
                         where r.id = any(:ids)""")
                .bind("ids", byId.keySet().toArray(Long[]::new))
                .map(row -> Due.of(row, byId.get(row.get("id", Long.class))))
                .all();
    }
}

package io.yutang.livestream.privacy;

import io.yutang.referral.ContactId;
import io.yutang.referral.ErasedData;
import io.yutang.referral.Person;
import io.yutang.referral.PersonalData;
import io.yutang.referral.PersonalDataHolder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Livestream's share of a person: their registrations with the answers they gave, the reminders
 * sent to them, their viewing sessions. Erasure keeps each registration as an anonymous row (an
 * event's counts stay right) with its answers and openid gone, and removes the viewing sessions;
 * reminders still due for them are cancelled.
 */
@Component
class LivestreamPersonalData implements PersonalDataHolder {

    private final DatabaseClient db;
    private final TransactionalOperator transaction;

    LivestreamPersonalData(DatabaseClient db, TransactionalOperator transaction) {
        this.db = db;
        this.transaction = transaction;
    }

    @Override
    public String part() {
        return "livestream";
    }

    @Override
    public Mono<PersonalData> export(Person person) {
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("registrations", """
                select r.id, r.event_id, e.title as event, r.status, r.answers, r.consented_at, r.registered_at,
                       r.queued_at, r.promoted_at, r.cancelled_at, r.withdrawn_at
                  from livestream.registration r join livestream.live_event e on e.id = r.event_id
                 where r.contact_id = :contact order by r.id""");
        tables.put("messages", """
                select m.registration_id, m.purpose, m.channel, m.state, m.reason, m.due_at, m.sent_at
                  from livestream.reminder m join livestream.registration r on r.id = m.registration_id
                 where r.contact_id = :contact order by m.due_at, m.id""");
        tables.put("viewings", """
                select v.event_id, v.mode, v.source, v.started_at, v.last_seen_at, v.ended_at
                  from livestream.viewing v where v.contact_id = :contact order by v.started_at, v.id""");
        return Flux.fromIterable(tables.entrySet())
                .concatMap(table -> db.sql(table.getValue()).bind("contact", person.contact().value()).fetch().all().collectList()
                        .map(rows -> Map.entry(table.getKey(), rows)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap<String, List<Map<String, Object>>>::new)
                .map(found -> new PersonalData(part(), found));
    }

    @Override
    public Mono<ErasedData> erase(Person person) {
        long contact = person.contact().value();
        Map<String, Long> removed = new LinkedHashMap<>();
        Mono<Void> work = Flux.concat(
                count(removed, "viewing sessions removed", db.sql("delete from livestream.viewing where contact_id = :contact")
                        .bind("contact", contact)),
                count(removed, "reminders still due cancelled", db.sql("""
                        update livestream.reminder set state = 'SKIPPED', reason = 'the person was erased', updated_at = now()
                         where state = 'PENDING'
                           and registration_id in (select id from livestream.registration where contact_id = :contact)""")
                        .bind("contact", contact)),
                count(removed, "registrations anonymised", db.sql("""
                        update livestream.registration set answers = '{}'::jsonb, openid = :anonymous, updated_at = now()
                         where contact_id = :contact and (answers <> '{}'::jsonb or openid <> :anonymous)""")
                        .bind("anonymous", "erased:" + contact).bind("contact", contact)))
                .then();
        return transaction.transactional(work).then(Mono.fromSupplier(() -> new ErasedData(part(), removed)));
    }

    @Override
    public Flux<ContactId> byPhone(String phone) {
        return db.sql("select distinct contact_id from livestream.registration where answers->>'phone' = :phone")
                .bind("phone", phone).map(row -> new ContactId(row.get("contact_id", Long.class))).all();
    }

    private static Mono<Void> count(Map<String, Long> removed, String what, DatabaseClient.GenericExecuteSpec statement) {
        return statement.fetch().rowsUpdated().doOnNext(rows -> removed.merge(what, rows, Long::sum)).then();
    }
}

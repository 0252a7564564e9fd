package io.yutang.livestream.privacy;

import io.yutang.referral.ContactId;
import io.yutang.referral.ErasedData;
import io.yutang.referral.Person;
import io.yutang.referral.PersonalData;
import io.yutang.referral.PersonalDataHolder;
import io.yutang.referral.personaldata.PersonalDataSql;
import java.util.LinkedHashMap;
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
        long contact = person.contact().value();
        Map<String, DatabaseClient.GenericExecuteSpec> tables = new LinkedHashMap<>();
        tables.put("registrations", db.sql("""
                select r.id, r.event_id, e.title as event, r.status, r.answers, r.consented_at, r.registered_at,
                       r.queued_at, r.promoted_at, r.cancelled_at, r.withdrawn_at
                  from livestream.registration r join livestream.live_event e on e.id = r.event_id
                 where r.contact_id = :contact order by r.id""").bind("contact", contact));
        tables.put("messages", db.sql("""
                select m.registration_id, m.purpose, m.channel, m.state, m.reason, m.due_at, m.sent_at
                  from livestream.reminder m join livestream.registration r on r.id = m.registration_id
                 where r.contact_id = :contact order by m.due_at, m.id""").bind("contact", contact));
        tables.put("viewings", db.sql("""
                select v.event_id, v.mode, v.source, v.started_at, v.last_seen_at, v.ended_at
                  from livestream.viewing v where v.contact_id = :contact order by v.started_at, v.id""").bind("contact", contact));
        return PersonalDataSql.part(part(), tables);
    }

    @Override
    public Mono<ErasedData> erase(Person person) {
        long contact = person.contact().value();
        PersonalDataSql.Removals removed = PersonalDataSql.removals(part());
        Mono<Void> work = Flux.concat(
                removed.run("viewing sessions removed", db.sql("delete from livestream.viewing where contact_id = :contact")
                        .bind("contact", contact)),
                removed.run("reminders still due cancelled", db.sql("""
                        update livestream.reminder set state = 'SKIPPED', reason = 'the person was erased', updated_at = now()
                         where state = 'PENDING'
                           and registration_id in (select id from livestream.registration where contact_id = :contact)""")
                        .bind("contact", contact)),
                removed.run("registrations anonymised", db.sql("""
                        update livestream.registration set answers = '{}'::jsonb, openid = :anonymous, updated_at = now()
                         where contact_id = :contact and (answers <> '{}'::jsonb or openid <> :anonymous)""")
                        .bind("anonymous", "erased:" + contact).bind("contact", contact)))
                .then();
        return transaction.transactional(work).then(Mono.fromSupplier(() -> removed.receipt()));
    }

    @Override
    public Flux<ContactId> byPhone(String phone) {
        return db.sql("select distinct contact_id from livestream.registration where answers->>'phone' = :phone")
                .bind("phone", phone).map(row -> new ContactId(row.get("contact_id", Long.class))).all();
    }

}

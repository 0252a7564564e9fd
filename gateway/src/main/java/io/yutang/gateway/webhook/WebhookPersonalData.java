package io.yutang.gateway.webhook;

import io.yutang.referral.ErasedData;
import io.yutang.referral.Person;
import io.yutang.referral.PersonalData;
import io.yutang.referral.PersonalDataHolder;
import io.yutang.referral.personaldata.PersonalDataSql;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The webhooks' share of a person: every message published about them (the payload as the CRM got
 * it) and its delivery log. Erasure removes the messages, their deliveries and attempts (so the
 * integration API's change feed no longer carries them either), then publishes {@code contact.erased}
 * so the CRM forgets them too; that message names only the contact id.
 */
@Component
class WebhookPersonalData implements PersonalDataHolder {

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final WebhookMessages messages;
    private final Clock clock;

    WebhookPersonalData(DatabaseClient db, TransactionalOperator transaction, WebhookMessages messages, Clock clock) {
        this.db = db;
        this.transaction = transaction;
        this.messages = messages;
        this.clock = clock;
    }

    @Override
    public String part() {
        return "webhooks";
    }

    @Override
    public Mono<PersonalData> export(Person person) {
        long contact = person.contact().value();
        Map<String, DatabaseClient.GenericExecuteSpec> tables = new LinkedHashMap<>();
        tables.put("messages", db.sql("""
                        select id, type, occurred_at, created_at, body from gateway.webhook_message
                         where contact_id = :contact and type <> :erased order by created_at, id""")
                .bind("contact", contact).bind("erased", EventType.CONTACT_ERASED.wireName()));
        tables.put("deliveries", db.sql("""
                        select a.message_id, e.url as endpoint, a.attempted_at, a.status, a.latency_ms, a.error
                          from gateway.webhook_attempt a join gateway.webhook_message m on m.id = a.message_id
                          join gateway.webhook_endpoint e on e.id = a.endpoint_id
                         where m.contact_id = :contact order by a.attempted_at, a.id""")
                .bind("contact", contact));
        return PersonalDataSql.part(part(), tables);
    }

    @Override
    public Mono<ErasedData> erase(Person person) {
        long contact = person.contact().value();
        PersonalDataSql.Removals removed = PersonalDataSql.removals(part());
        String about = "select id from gateway.webhook_message where contact_id = :contact and type <> :erased";
        Mono<Void> work = removed.run("delivery attempts removed", db.sql(
                        "delete from gateway.webhook_attempt where message_id in (" + about + ")")
                        .bind("contact", contact).bind("erased", EventType.CONTACT_ERASED.wireName()))
                .then(removed.run("deliveries removed", db.sql(
                        "delete from gateway.webhook_delivery where message_id in (" + about + ")")
                        .bind("contact", contact).bind("erased", EventType.CONTACT_ERASED.wireName())))
                .then(removed.run("messages removed", db.sql(
                        "delete from gateway.webhook_message where contact_id = :contact and type <> :erased")
                        .bind("contact", contact).bind("erased", EventType.CONTACT_ERASED.wireName())))
                .then(messages.publish(EventType.CONTACT_ERASED, "erased:" + contact, contact, clock.instant(),
                        Map.of("contact", Map.of("id", contact))));
        return transaction.transactional(work).then(Mono.fromSupplier(() -> removed.receipt()));
    }

}

package io.yutang.content.privacy;

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
 * Content's share of a person: the leads they left with their answers, their downloads, the assets
 * and articles they viewed and how they read them, their lead score and qualification. Erasure
 * keeps each lead as an anonymous row (an asset's lead count stays right) with its answers gone,
 * removes views, reading beacons and scores, and strips the qualified lead's description.
 */
@Component
class ContentPersonalData implements PersonalDataHolder {

    private final DatabaseClient db;
    private final TransactionalOperator transaction;

    ContentPersonalData(DatabaseClient db, TransactionalOperator transaction) {
        this.db = db;
        this.transaction = transaction;
    }

    @Override
    public String part() {
        return "content";
    }

    @Override
    public Mono<PersonalData> export(Person person) {
        long contact = person.contact().value();
        Map<String, DatabaseClient.GenericExecuteSpec> tables = new LinkedHashMap<>();
        tables.put("leads", db.sql("""
                select l.id, l.asset_id, a.title as asset, l.answers, l.created_at, l.updated_at
                  from content.lead l join content.asset a on a.id = l.asset_id
                 where l.contact_id = :contact order by l.id""").bind("contact", contact));
        tables.put("downloads", db.sql("""
                select d.asset_id, d.version, d.partial, d.downloaded_at
                  from content.download d join content.lead l on l.id = d.lead_id
                 where l.contact_id = :contact order by d.downloaded_at, d.id""").bind("contact", contact));
        tables.put("asset_views", db.sql("""
                select asset_id, viewed_at from content.asset_view where contact_id = :contact order by viewed_at, id""").bind("contact", contact));
        tables.put("article_views", db.sql("""
                select v.article_id, a.title as article, v.viewed_at from content.article_view v
                  join content.article a on a.id = v.article_id where v.contact_id = :contact order by v.viewed_at, v.id""").bind("contact", contact));
        tables.put("article_reading", db.sql("""
                select article_id, dwell_seconds, scroll_percent, opened_at, updated_at from content.article_read
                 where contact_id = :contact order by opened_at, id""").bind("contact", contact));
        tables.put("score", db.sql("""
                select score, rule_version, scored_at from content.score where contact_id = :contact""").bind("contact", contact));
        tables.put("qualified", db.sql("""
                select rule_version, score, detail, qualified_at from content.qualified_lead where contact_id = :contact order by id""").bind("contact", contact));
        return PersonalDataSql.part(part(), tables);
    }

    @Override
    public Mono<ErasedData> erase(Person person) {
        long contact = person.contact().value();
        PersonalDataSql.Removals removed = PersonalDataSql.removals(part());
        Mono<Void> work = Flux.concat(
                removed.run("lead answers removed", db.sql("""
                        update content.lead set answers = '{}'::jsonb where contact_id = :contact and answers <> '{}'::jsonb""")
                        .bind("contact", contact)),
                removed.run("asset views removed", db.sql("delete from content.asset_view where contact_id = :contact")
                        .bind("contact", contact)),
                removed.run("article views removed", db.sql("delete from content.article_view where contact_id = :contact")
                        .bind("contact", contact)),
                removed.run("reading beacons removed", db.sql("delete from content.article_read where contact_id = :contact")
                        .bind("contact", contact)),
                removed.run("scores removed", db.sql("delete from content.score where contact_id = :contact")
                        .bind("contact", contact)),
                removed.run("qualification details removed", db.sql("""
                        update content.qualified_lead set detail = '' where contact_id = :contact and detail <> ''""")
                        .bind("contact", contact)))
                .then();
        return transaction.transactional(work).then(Mono.fromSupplier(() -> removed.receipt()));
    }

    @Override
    public Flux<ContactId> byPhone(String phone) {
        return db.sql("select distinct contact_id from content.lead where answers->>'phone' = :phone")
                .bind("phone", phone).map(row -> new ContactId(row.get("contact_id", Long.class))).all();
    }

}

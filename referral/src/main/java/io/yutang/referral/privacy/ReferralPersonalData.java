package io.yutang.referral.privacy;

import io.yutang.referral.ContactId;
import io.yutang.referral.ErasedData;
import io.yutang.referral.Person;
import io.yutang.referral.PersonalData;
import io.yutang.referral.PersonalDataHolder;
import io.yutang.referral.personaldata.PersonalDataSql;
import io.yutang.referral.poster.PosterCache;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Referral's share of a person: the contact and its profile, touches, tree positions (who brought
 * them), conversions, the phones and e-mail addresses they gave, behaviours, consents and the sharer they became by sharing onwards. Erasure
 * keeps the contact and its tree edges as an anonymous node, so boards and other people's paths
 * stay as they were; it runs after every other part, since they may still need the openid.
 */
@Component
class ReferralPersonalData implements PersonalDataHolder {

    static final String PART = "referral";

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final PosterCache posters;

    ReferralPersonalData(DatabaseClient db, TransactionalOperator transaction, PosterCache posters) {
        this.db = db;
        this.transaction = transaction;
        this.posters = posters;
    }

    @Override
    public String part() {
        return PART;
    }

    @Override
    public Flux<ContactId> byPhone(String phone) {
        return db.sql("select distinct contact_id from referral.contact_identity where phone = :phone")
                .bind("phone", phone).map(row -> new ContactId(row.get("contact_id", Long.class))).all();
    }

    @Override
    public Mono<PersonalData> export(Person person) {
        long contact = person.contact().value();
        Map<String, DatabaseClient.GenericExecuteSpec> tables = new LinkedHashMap<>();
        tables.put("contact", db.sql("""
                select id, app_id, openid, unionid, nickname, avatar_url, subscribed, subscribed_at, unsubscribed_at,
                       subscription_changed_at, subscribe_scene, qr_scene_str, signed_in_at, profile_fetched_at,
                       first_seen_at, last_seen_at
                  from referral.contact where id = :contact""").bind("contact", contact));
        tables.put("touches", db.sql("""
                select t.id, t.campaign_id, c.name as campaign, t.channel, s.name as shared_by, t.self_referral, t.occurred_at
                  from referral.touch t join referral.campaign c on c.id = t.campaign_id
                  left join referral.share_link l on l.id = t.share_link_id left join referral.sharer s on s.id = l.sharer_id
                 where t.contact_id = :contact order by t.occurred_at, t.id""").bind("contact", contact));
        tables.put("tree_positions", db.sql("""
                select e.campaign_id, c.name as campaign, e.depth, e.parent_contact_id as brought_by_contact,
                       r.name as referrer, a.name as advocate, e.channel, e.created_at
                  from referral.tree_edge e join referral.campaign c on c.id = e.campaign_id
                  left join referral.sharer r on r.id = e.referrer_sharer_id left join referral.sharer a on a.id = e.advocate_sharer_id
                 where e.contact_id = :contact order by e.created_at""").bind("contact", contact));
        tables.put("brought_in", db.sql("""
                select campaign_id, count(*) as contacts from referral.tree_edge
                 where parent_contact_id = :contact group by campaign_id order by campaign_id""").bind("contact", contact));
        tables.put("conversions", db.sql("""
                select id, campaign_id, kind, occurred_at, outcome, reason, prospect_name, prospect_company, detail, decided_at, reversed_at
                  from referral.conversion where contact_id = :contact order by occurred_at, id""").bind("contact", contact));
        tables.put("identities", db.sql("""
                select phone, email, name, company, ref, identified_at, last_seen_at from referral.contact_identity
                 where contact_id = :contact order by identified_at, id""").bind("contact", contact));
        tables.put("behaviours", db.sql("""
                select kind, ref, seconds, percent, occurred_at from referral.behaviour
                 where contact_id = :contact order by occurred_at, id""").bind("contact", contact));
        tables.put("consents", db.sql("""
                select c.purpose, c.scope, c.given, t.text, c.text_hash, c.source, c.recorded_at
                  from referral.consent c join referral.consent_text t on t.hash = c.text_hash
                 where c.contact_id = :contact order by c.recorded_at, c.id""").bind("contact", contact));
        tables.put("as_sharer", db.sql("""
                select id, kind, name, title, company, department, avatar_url, bound_at, created_at
                  from referral.sharer where contact_id = :contact order by id""").bind("contact", contact));
        return PersonalDataSql.part(PART, tables);
    }

    @Override
    public Mono<ErasedData> erase(Person person) {
        long contact = person.contact().value();
        String openid = person.user().openid();
        String anonymous = ErasureWork.anonymousOpenid(person.contact());
        PersonalDataSql.Removals removed = PersonalDataSql.removals(part());
        Mono<Void> rows = Flux.concat(
                removed.run("source keys rewritten without the openid", db.sql("""
                        update referral.touch set source_key = replace(source_key, :openid, :anonymous)
                         where contact_id = :contact and strpos(source_key, :openid) > 0""")
                        .bind("openid", openid).bind("anonymous", anonymous).bind("contact", contact)),
                removed.run("behaviour source keys rewritten without the openid", db.sql("""
                        update referral.behaviour set source_key = replace(source_key, :openid, :anonymous)
                         where contact_id = :contact and strpos(source_key, :openid) > 0""")
                        .bind("openid", openid).bind("anonymous", anonymous).bind("contact", contact)),
                removed.run("conversions anonymised", db.sql("""
                        update referral.conversion set prospect_name = null, prospect_company = null, detail = null,
                               source_key = replace(source_key, :openid, :anonymous)
                         where contact_id = :contact
                           and (prospect_name is not null or prospect_company is not null or detail is not null
                                or strpos(source_key, :openid) > 0)""")
                        .bind("openid", openid).bind("anonymous", anonymous).bind("contact", contact)),
                removed.run("phones and e-mail addresses removed", db.sql("delete from referral.contact_identity where contact_id = :contact")
                        .bind("contact", contact)),
                removed.run("profile fetches removed", db.sql("delete from referral.profile_fetch where contact_id = :contact")
                        .bind("contact", contact)),
                removed.run("sharers anonymised", db.sql("""
                        update referral.sharer set name = :erased, title = null, company = null, department = null,
                               avatar_url = null, updated_at = now()
                         where contact_id = :contact and kind = 'PROSPECT' and name <> :erased""")
                        .bind("erased", ErasureWork.ERASED_NAME).bind("contact", contact)),
                removed.run("employee or partner bindings removed", db.sql("""
                        update referral.sharer set contact_id = null, bound_at = null, updated_at = now()
                         where contact_id = :contact and kind <> 'PROSPECT'""").bind("contact", contact)),
                removed.run("contact anonymised", db.sql("""
                        update referral.contact set openid = :anonymous, unionid = null, nickname = null, avatar_url = null,
                               qr_scene_str = null, erased_at = coalesce(erased_at, now())
                         where id = :contact and erased_at is null""")
                        .bind("anonymous", anonymous).bind("contact", contact)))
                .then();
        Mono<Void> cached = db.sql("select id from referral.sharer where contact_id = :contact")
                .bind("contact", contact)
                .map(row -> row.get("id", Long.class)).all()
                .concatMap(posters::forget)
                .reduce(0L, Long::sum)
                .doOnNext(keys -> removed.add("cached posters removed (Redis)", keys))
                .then();
        // The posters first: the bindings removed below would hide which sharers were the person's.
        return cached.then(transaction.transactional(rows)).then(Mono.fromSupplier(() -> removed.receipt()));
    }

}

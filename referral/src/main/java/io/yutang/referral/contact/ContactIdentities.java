package io.yutang.referral.contact;

import io.r2dbc.spi.Readable;
import io.yutang.referral.ContactId;
import io.yutang.referral.ContactIdentity;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The table {@code referral.contact_identity}: how each contact said they can be reached, one row per
 * combination of phone and e-mail address. The first form to give a combination is its source;
 * the same combination again only moves {@code last_seen_at} (and fills a name or company it lacked).
 */
@Repository
public class ContactIdentities {

    private static final String COLUMNS = "id, contact_id, phone, email, name, company, ref, source_key, identified_at, last_seen_at";

    private final DatabaseClient db;
    private final Clock clock;

    public ContactIdentities(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Records the combination; emits its row, whether this call made it or an earlier one did. */
    public Mono<ContactIdentity> identified(ContactId contact, String phone, String email, String name, String company,
            String ref, String sourceKey, Instant at) {
        return db.sql("""
                        insert into referral.contact_identity as i (contact_id, phone, email, name, company, ref, source_key,
                                                                    identified_at, last_seen_at)
                        values (:contact, :phone, :email, :name, :company, :ref, :key, :at, :at)
                        on conflict (contact_id, phone, email) do update
                           set last_seen_at = greatest(i.last_seen_at, excluded.last_seen_at),
                               name = coalesce(i.name, excluded.name), company = coalesce(i.company, excluded.company)
                        returning\s""" + COLUMNS)
                .bind("contact", contact.value())
                .bind("phone", phone == null ? "" : phone)
                .bind("email", email == null ? "" : email)
                .bind("name", Parameter.fromOrEmpty(name, String.class))
                .bind("company", Parameter.fromOrEmpty(company, String.class))
                .bind("ref", Parameter.fromOrEmpty(ref, String.class))
                .bind("key", sourceKey)
                .bind("at", at == null ? clock.instant() : at)
                .map(ContactIdentities::identity)
                .one();
    }

    /** The identities first given by these forms (their claims' source keys). */
    public Flux<ContactIdentity> bySource(Collection<String> sourceKeys) {
        if (sourceKeys.isEmpty()) {
            return Flux.empty();
        }
        return db.sql("select " + COLUMNS + " from referral.contact_identity where source_key = any(:keys)")
                .bind("keys", sourceKeys.toArray(String[]::new))
                .map(ContactIdentities::identity).all();
    }

    /** Each of these contacts' most recently given identity. */
    public Flux<ContactIdentity> latestOf(Collection<Long> contacts) {
        if (contacts.isEmpty()) {
            return Flux.empty();
        }
        return db.sql("select distinct on (contact_id) " + COLUMNS + " from referral.contact_identity"
                        + " where contact_id = any(:contacts) order by contact_id, last_seen_at desc, id desc")
                .bind("contacts", contacts.toArray(Long[]::new))
                .map(ContactIdentities::identity).all();
    }

    private static ContactIdentity identity(Readable row) {
        return new ContactIdentity(new ContactId(row.get("contact_id", Long.class)), blankless(row.get("phone", String.class)),
                blankless(row.get("email", String.class)), row.get("name", String.class), row.get("company", String.class),
                row.get("ref", String.class), row.get("source_key", String.class), row.get("identified_at", Instant.class),
                row.get("last_seen_at", Instant.class));
    }

    private static String blankless(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}

package io.yutang.referral.consent;

import io.r2dbc.spi.Readable;
import io.yutang.referral.ConsentDecision;
import io.yutang.referral.ConsentPurpose;
import io.yutang.referral.ConsentRecord;
import io.yutang.referral.ContactId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Appends decisions to {@code referral.consent}; texts are kept once, by their SHA-256. */
@Repository
public class ConsentLedger {

    private static final String COLUMNS = """
            c.contact_id, c.purpose, c.scope, t.text, c.text_hash, c.given, c.source, c.recorded_at""";

    private final DatabaseClient db;

    ConsentLedger(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> record(ContactId contact, List<ConsentDecision> decisions, String source, Instant at) {
        return Flux.fromIterable(decisions).concatMap(decision -> {
            String hash = sha256(decision.text());
            return db.sql("""
                            insert into referral.consent_text (hash, text, first_shown_at) values (:hash, :text, :at)
                            on conflict (hash) do nothing""")
                    .bind("hash", hash).bind("text", decision.text()).bind("at", at).then()
                    .then(db.sql("""
                                    insert into referral.consent (contact_id, purpose, scope, text_hash, given, source, recorded_at)
                                    select :contact, :purpose, :scope, :hash, :given, :source, :at
                                     where not exists (select 1 from (select text_hash, given from referral.consent
                                                                        where contact_id = :contact and purpose = :purpose
                                                                          and scope = :scope
                                                                        order by recorded_at desc, id desc limit 1) latest
                                                        where latest.text_hash = :hash and latest.given = :given)""")
                            .bind("contact", contact.value()).bind("purpose", decision.purpose().name())
                            .bind("scope", decision.scope()).bind("hash", hash).bind("given", decision.given())
                            .bind("source", source).bind("at", at).then());
        }).then();
    }

    public Mono<ConsentRecord> latest(ContactId contact, ConsentPurpose purpose, String scope) {
        return db.sql("select " + COLUMNS + """
                         from referral.consent c join referral.consent_text t on t.hash = c.text_hash
                        where c.contact_id = :contact and c.purpose = :purpose and c.scope = :scope
                        order by c.recorded_at desc, c.id desc limit 1""")
                .bind("contact", contact.value()).bind("purpose", purpose.name()).bind("scope", scope == null ? "" : scope)
                .map(ConsentLedger::record)
                .one();
    }

    /** Per contact, the purposes (as a whole, scope empty) whose latest decision withdrew them; contacts with none are absent. */
    public Mono<Map<ContactId, Set<ConsentPurpose>>> withdrawals(Collection<ContactId> contacts) {
        if (contacts.isEmpty()) {
            return Mono.just(Map.of());
        }
        return db.sql("""
                        select contact_id, purpose from (
                            select distinct on (contact_id, purpose) contact_id, purpose, given from referral.consent
                             where contact_id = any(:contacts) and scope = ''
                             order by contact_id, purpose, recorded_at desc, id desc) latest
                         where not given""")
                .bind("contacts", contacts.stream().map(ContactId::value).distinct().toArray(Long[]::new))
                .map(row -> Map.entry(new ContactId(row.get("contact_id", Long.class)),
                        ConsentPurpose.valueOf(row.get("purpose", String.class))))
                .all()
                .collect(HashMap::new, (Map<ContactId, Set<ConsentPurpose>> map, Map.Entry<ContactId, ConsentPurpose> entry) ->
                        map.computeIfAbsent(entry.getKey(), key -> EnumSet.noneOf(ConsentPurpose.class)).add(entry.getValue()));
    }

    public Flux<ConsentRecord> history(ContactId contact) {
        return db.sql("select " + COLUMNS + """
                         from referral.consent c join referral.consent_text t on t.hash = c.text_hash
                        where c.contact_id = :contact order by c.recorded_at, c.id""")
                .bind("contact", contact.value())
                .map(ConsentLedger::record)
                .all();
    }

    /** The hex SHA-256 of a consent text, as the ledger stores it. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static ConsentRecord record(Readable row) {
        return new ConsentRecord(new ContactId(row.get("contact_id", Long.class)),
                ConsentPurpose.valueOf(row.get("purpose", String.class)), row.get("scope", String.class),
                row.get("text", String.class), row.get("text_hash", String.class), row.get("given", Boolean.class),
                row.get("source", String.class), row.get("recorded_at", Instant.class));
    }
}

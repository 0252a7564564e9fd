package io.yutang.livestream.registration;

import io.yutang.referral.ContactId;
import io.yutang.referral.RegistrantDirectory;
import io.yutang.referral.RegistrantMatch;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/** Livestream's side of referral's contact lookup: registrations found by the phone or name answered on the form. */
@Component
class RegistrationDirectory implements RegistrantDirectory {

    private static final int LIMIT = 100;

    private final DatabaseClient db;

    RegistrationDirectory(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Flux<RegistrantMatch> byPhone(String phone) {
        return find("answers->>'phone' = :value", phone.replace(" ", ""));
    }

    @Override
    public Flux<RegistrantMatch> byName(String name) {
        String escaped = name.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return find("lower(answers->>'name') like lower(:value) escape '\\'", escaped + "%");
    }

    private Flux<RegistrantMatch> find(String condition, String value) {
        return db.sql("select distinct on (contact_id) contact_id, answers->>'name' as name, answers->>'phone' as phone"
                        + " from livestream.registration where " + condition
                        + " order by contact_id, updated_at desc limit :limit")
                .bind("value", value)
                .bind("limit", LIMIT)
                .map(row -> new RegistrantMatch(new ContactId(row.get("contact_id", Long.class)), row.get("name", String.class),
                        row.get("phone", String.class)))
                .all();
    }
}

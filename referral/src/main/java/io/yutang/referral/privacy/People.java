package io.yutang.referral.privacy;

import io.yutang.referral.ContactId;
import io.yutang.referral.Person;
import io.yutang.referral.WeChatUser;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The people a privacy request can be about: contacts not erased. */
@Repository
public class People {

    private final DatabaseClient db;

    People(DatabaseClient db) {
        this.db = db;
    }

    /** The person behind this contact; empty when there is none or they were erased. */
    public Mono<Person> person(ContactId contact) {
        return db.sql("select id, app_id, openid, unionid from referral.contact where id = :id and erased_at is null")
                .bind("id", contact.value())
                .map(row -> new Person(new ContactId(row.get("id", Long.class)),
                        new WeChatUser(row.get("app_id", String.class), row.get("openid", String.class)),
                        row.get("unionid", String.class)))
                .one();
    }

    /** The people known by this openid (one per service account). */
    public Flux<ContactId> byOpenid(String openid) {
        return db.sql("select id from referral.contact where openid = :openid and erased_at is null order by id")
                .bind("openid", openid).map(row -> new ContactId(row.get("id", Long.class))).all();
    }
}

package io.yutang.referral.contact;

import io.yutang.referral.Contact;
import io.yutang.referral.ContactId;
import io.yutang.referral.SignInProfile;
import io.yutang.referral.WeChatProfile;
import io.yutang.referral.WeChatUser;
import io.yutang.referral.work.WorkState;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.R2dbcType;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

/** SQL for contacts and the planning of their profile fetches, in referral's schema. */
@Repository
public class ContactStore {

    /**
     * One statement, so one atomic step, for a whole batch of merged facts: each contact's upsert
     * and, for a new contact or a new follow, its profile fetch (re-armed if an earlier one
     * finished before this follow; the same follow applied again, as after a retry or a sweep, asks
     * WeChat nothing more). Order-independent: the subscription state is the latest change's, the follow and
     * unfollow times are the latest of each, first and last seen the extremes.
     */
    private static final String RECORD_ALL = """
            with input as (
                select * from unnest(:appIds::text[], :openids::text[], :subscribed::boolean[],
                                     :changedAt::float8[], :followedAt::float8[], :unfollowedAt::float8[],
                                     :firstSeen::float8[], :lastSeen::float8[])
                    as i(app_id, openid, subscribed, changed_at, followed_at, unfollowed_at, first_seen, last_seen)
            ), c as (
                insert into referral.contact as c (app_id, openid, subscribed, subscribed_at, unsubscribed_at,
                                                   subscription_changed_at, first_seen_at, last_seen_at)
                select app_id, openid, coalesce(subscribed, false), to_timestamp(followed_at), to_timestamp(unfollowed_at),
                       to_timestamp(changed_at), to_timestamp(first_seen), to_timestamp(last_seen)
                  from input
                on conflict (app_id, openid) do update set
                    subscribed = case when excluded.subscription_changed_at >= coalesce(c.subscription_changed_at, '-infinity')
                                      then excluded.subscribed else c.subscribed end,
                    subscribed_at = greatest(c.subscribed_at, excluded.subscribed_at),
                    unsubscribed_at = greatest(c.unsubscribed_at, excluded.unsubscribed_at),
                    subscription_changed_at = greatest(c.subscription_changed_at, excluded.subscription_changed_at),
                    first_seen_at = least(c.first_seen_at, excluded.first_seen_at),
                    last_seen_at = greatest(c.last_seen_at, excluded.last_seen_at)
                returning id, app_id, openid, (xmax = 0) as created
            ), planned as (
                insert into referral.profile_fetch (contact_id, due_at)
                select c.id, :due from c join input i on i.app_id = c.app_id and i.openid = c.openid
                 where (c.created or i.followed_at is not null)
                   and not exists (select 1 from referral.profile_fetch f
                                    where f.contact_id = c.id and f.done_at >= to_timestamp(i.followed_at))
                on conflict (contact_id) do update
                    set due_at = excluded.due_at, state = :pending, done_at = null, attempts = 0, reason = null
                    where profile_fetch.state in (:done, :failed)
            )
            select id, app_id, openid from c""";

    private final DatabaseClient db;

    public ContactStore(DatabaseClient db) {
        this.db = db;
    }

    /** When the contact unfollowed, if they no longer follow and unfollowed at or after {@code at}. */
    public Mono<Instant> unfollowedSince(ContactId contact, Instant at) {
        return db.sql("select unsubscribed_at from referral.contact where id = :id and not subscribed and unsubscribed_at >= :at")
                .bind("id", contact.value())
                .bind("at", at)
                .map(row -> row.get("unsubscribed_at", Instant.class))
                .one();
    }

    /** Records merged facts in one statement; returns each user's contact id. */
    Mono<Map<WeChatUser, ContactId>> recordAll(List<ContactFacts.Merged> facts, Instant profileDue) {
        int n = facts.size();
        String[] appIds = new String[n];
        String[] openids = new String[n];
        Boolean[] subscribed = new Boolean[n];
        Double[] changedAt = new Double[n];
        Double[] followedAt = new Double[n];
        Double[] unfollowedAt = new Double[n];
        Double[] firstSeen = new Double[n];
        Double[] lastSeen = new Double[n];
        for (int i = 0; i < n; i++) {
            ContactFacts.Merged fact = facts.get(i);
            appIds[i] = fact.user().appId();
            openids[i] = fact.user().openid();
            subscribed[i] = fact.subscribed();
            changedAt[i] = seconds(fact.changedAt());
            followedAt[i] = seconds(fact.followedAt());
            unfollowedAt[i] = seconds(fact.unfollowedAt());
            firstSeen[i] = seconds(fact.firstSeen());
            lastSeen[i] = seconds(fact.lastSeen());
        }
        return db.sql(RECORD_ALL)
                .bind("appIds", appIds)
                .bind("openids", openids)
                .bind("subscribed", subscribed)
                .bind("changedAt", changedAt)
                .bind("followedAt", followedAt)
                .bind("unfollowedAt", unfollowedAt)
                .bind("firstSeen", firstSeen)
                .bind("lastSeen", lastSeen)
                .bind("due", profileDue)
                .bind("pending", WorkState.PENDING.name())
                .bind("done", WorkState.DONE.name())
                .bind("failed", WorkState.FAILED.name())
                .map(row -> Map.entry(new WeChatUser(row.get("app_id", String.class), row.get("openid", String.class)),
                        new ContactId(row.get("id", Long.class))))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private static Double seconds(Instant at) {
        return at == null ? null : at.getEpochSecond() + at.getNano() / 1e9;
    }

    public Mono<Void> saveSignIn(ContactId id, SignInProfile profile, Instant at) {
        return db.sql("""
                        update referral.contact
                           set unionid = coalesce(:unionid, unionid),
                               nickname = coalesce(:nickname, nickname),
                               avatar_url = coalesce(:avatar, avatar_url),
                               signed_in_at = :at
                         where id = :id""")
                .bind("id", id.value())
                .bind("at", at)
                .bind("unionid", Parameters.in(R2dbcType.VARCHAR, profile.unionid()))
                .bind("nickname", Parameters.in(R2dbcType.VARCHAR, profile.nickname()))
                .bind("avatar", Parameters.in(R2dbcType.VARCHAR, profile.avatarUrl()))
                .then();
    }

    public Mono<Contact> find(WeChatUser user) {
        return db.sql("select * from referral.contact where app_id = :appId and openid = :openid")
                .bind("appId", user.appId())
                .bind("openid", user.openid())
                .map(ContactStore::contact)
                .one();
    }

    public Mono<Contact> find(ContactId id) {
        return db.sql("select * from referral.contact where id = :id and erased_at is null")
                .bind("id", id.value())
                .map(ContactStore::contact)
                .one();
    }

    public Mono<Set<WeChatUser>> followers(Collection<WeChatUser> users) {
        if (users.isEmpty()) {
            return Mono.just(Set.of());
        }
        return db.sql("""
                        select c.app_id, c.openid from referral.contact c
                          join unnest(:apps::text[], :openids::text[]) as u(app_id, openid)
                            on c.app_id = u.app_id and c.openid = u.openid
                         where c.subscribed""")
                .bind("apps", users.stream().map(WeChatUser::appId).toArray(String[]::new))
                .bind("openids", users.stream().map(WeChatUser::openid).toArray(String[]::new))
                .map(row -> new WeChatUser(row.get("app_id", String.class), row.get("openid", String.class)))
                .all()
                .collect(Collectors.toSet());
    }

    /** The WeChat users of {@code contacts}, by contact id. */
    Mono<Map<Long, WeChatUser>> users(Collection<Long> contacts) {
        return db.sql("select id, app_id, openid from referral.contact where id = any(:ids)")
                .bind("ids", contacts.toArray(Long[]::new))
                .map(row -> Map.entry(row.get("id", Long.class),
                        new WeChatUser(row.get("app_id", String.class), row.get("openid", String.class))))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** Stores many fetched profiles, by contact id, in one statement. */
    Mono<Void> saveProfiles(Map<Long, WeChatProfile> profiles, Instant now) {
        if (profiles.isEmpty()) {
            return Mono.empty();
        }
        List<Map.Entry<Long, WeChatProfile>> rows = List.copyOf(profiles.entrySet());
        return db.sql("""
                        update referral.contact c
                           set unionid = coalesce(p.unionid, c.unionid),
                               subscribe_scene = p.scene,
                               qr_scene_str = p.qr_scene,
                               profile_fetched_at = :now
                          from unnest(:ids::bigint[], :unionids::text[], :scenes::text[], :qrScenes::text[])
                               as p(id, unionid, scene, qr_scene)
                         where c.id = p.id""")
                .bind("now", now)
                .bind("ids", rows.stream().map(Map.Entry::getKey).toArray(Long[]::new))
                .bind("unionids", rows.stream().map(row -> row.getValue().unionid()).toArray(String[]::new))
                .bind("scenes", rows.stream().map(row -> row.getValue().subscribeScene()).toArray(String[]::new))
                .bind("qrScenes", rows.stream().map(row -> row.getValue().qrSceneStr()).toArray(String[]::new))
                .then();
    }

    private static Contact contact(Readable row) {
        return new Contact(
                new ContactId(row.get("id", Long.class)),
                new WeChatUser(row.get("app_id", String.class), row.get("openid", String.class)),
                row.get("unionid", String.class),
                row.get("nickname", String.class),
                row.get("avatar_url", String.class),
                Boolean.TRUE.equals(row.get("subscribed", Boolean.class)),
                row.get("subscribed_at", Instant.class),
                row.get("unsubscribed_at", Instant.class),
                row.get("subscribe_scene", String.class),
                row.get("qr_scene_str", String.class),
                row.get("profile_fetched_at", Instant.class),
                row.get("first_seen_at", Instant.class),
                row.get("last_seen_at", Instant.class));
    }
}

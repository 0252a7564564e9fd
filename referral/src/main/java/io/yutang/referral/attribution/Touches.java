package io.yutang.referral.attribution;

import io.yutang.referral.ContactId;
import io.yutang.referral.Contacts;
import io.yutang.referral.TargetKind;

import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Stores touches and tree edges. A touch is keyed by what identifies its delivery, so a retried
 * event finds the touch it already made; an edge is recorded only the first time a contact is
 * brought into a campaign, and never for the sharer's or their advocate's own scan or open.
 */
@Component
public class Touches {

    public enum Channel { QR_FOLLOW, QR_SCAN, LINK_OPEN }

    /**
     * A stored touch.
     *
     * @param fresh whether this call stored it (false when a retry found it)
     * @param throughProspect whether it came through a prospect's onward link (a forward of theirs)
     */
    public record Touch(long id, Long campaignId, boolean selfReferral, boolean fresh, Long advocateSharerId,
            boolean throughProspect) {
    }

    /**
     * The columns of a tree edge (see {@link #edge}) from a link {@code l} with its sharer's
     * {@code kind} and {@code sharer_contact}, the parent's edge {@code pe} and the touch's id ({@code %s}).
     */
    private static final String EDGE = """
            select l.campaign_id, :contact,
                   case when l.kind = 'PROSPECT' then l.sharer_contact end,
                   l.sharer_id, l.advocate_sharer_id,
                   case when l.kind = 'PROSPECT' then coalesce(pe.depth, 0) + 1 else 1 end,
                   case when l.kind = 'PROSPECT' then coalesce(pe.path, '{}'::bigint[]) || l.sharer_contact
                        else '{}'::bigint[] end,
                   :channel, %s, :at
            """;

    private final DatabaseClient db;

    Touches(DatabaseClient db) {
        this.db = db;
    }

    /**
     * A touch through the share link {@code linkId}, with its tree edge, in one statement; empty
     * when no such link exists. A retried delivery finds the touch it made (and makes sure of its edge).
     */
    public Mono<Touch> throughLink(long linkId, ContactId contact, Channel channel, Instant at, String sourceKey) {
        return db.sql("""
                        with link as (
                            select l.id, l.campaign_id, l.sharer_id, l.advocate_sharer_id, s.kind, s.contact_id as sharer_contact,
                                   coalesce(s.contact_id = :contact, false) or coalesce(a.contact_id = :contact, false) as self_referral
                              from referral.share_link l
                              join referral.sharer s on s.id = l.sharer_id
                              join referral.sharer a on a.id = l.advocate_sharer_id
                             where l.id = :link),
                        stored as (
                            insert into referral.touch (campaign_id, share_link_id, contact_id, channel, self_referral, source_key, occurred_at)
                            select campaign_id, id, :contact, :channel, self_referral, :key, :at from link
                            on conflict (source_key) do nothing
                            returning id, campaign_id, self_referral),
                        edge as (
                            insert into referral.tree_edge (campaign_id, contact_id, parent_contact_id, referrer_sharer_id,
                                                            advocate_sharer_id, depth, path, channel, touch_id, created_at)
                            """ + EDGE.formatted("t.id") + """
                              from link l
                              join stored t on not t.self_referral
                              left join referral.tree_edge pe on pe.campaign_id = l.campaign_id and pe.contact_id = l.sharer_contact
                             where not (:contact = any(coalesce(pe.path, '{}'::bigint[])))
                            on conflict (campaign_id, contact_id) do nothing)
                        select t.id, t.campaign_id, t.self_referral, l.advocate_sharer_id, l.kind = 'PROSPECT' as through_prospect
                          from stored t, link l""")
                .bind("contact", contact.value())
                .bind("channel", channel.name())
                .bind("key", sourceKey)
                .bind("at", at)
                .bind("link", linkId)
                .map(row -> new Touch(row.get("id", Long.class), row.get("campaign_id", Long.class),
                        Boolean.TRUE.equals(row.get("self_referral", Boolean.class)), true, row.get("advocate_sharer_id", Long.class),
                        Boolean.TRUE.equals(row.get("through_prospect", Boolean.class))))
                .one()
                .switchIfEmpty(Mono.defer(() -> existing(sourceKey)
                        .flatMap(touch -> touch.selfReferral() ? Mono.just(touch) : edge(linkId, contact, channel, touch, at))
                        .flatMap(touch -> advocateOf(linkId).map(advocate ->
                                new Touch(touch.id(), touch.campaignId(), touch.selfReferral(), false, advocate, false)))));
    }

    /** The campaign of the contact's latest touch through a share link before {@code at}. */
    public Mono<Long> campaignTouchedLast(ContactId contact, Instant at) {
        return db.sql("""
                        select campaign_id from referral.touch
                         where contact_id = :contact and campaign_id is not null and occurred_at <= :at
                         order by occurred_at desc, id desc limit 1""")
                .bind("contact", contact.value())
                .bind("at", at)
                .map(row -> row.get("campaign_id", Long.class))
                .one();
    }

    /** Of the campaigns targeting this thing, the one the contact touched last before {@code at} (the newest when none). */
    public Mono<Long> campaignTouchedLast(ContactId contact, Instant at, TargetKind kind, String ref) {
        return db.sql("""
                        select k.id from referral.campaign k
                          left join referral.touch t on t.campaign_id = k.id and t.contact_id = :contact and t.occurred_at <= :at
                         where k.target_kind = :kind and k.target_ref = :ref
                         group by k.id
                         order by max(t.occurred_at) desc nulls last, k.id desc
                         limit 1""")
                .bind("contact", contact.value())
                .bind("at", at)
                .bind("kind", kind.name())
                .bind("ref", ref)
                .map(row -> row.get("id", Long.class))
                .one();
    }

    /** A touch that no campaign claims: an unknown, foreign or ended link or code. */
    public Mono<Touch> organic(ContactId contact, Channel channel, Instant at, String sourceKey) {
        return db.sql("""
                        insert into referral.touch (contact_id, channel, self_referral, source_key, occurred_at)
                        values (:contact, :channel, false, :key, :at)
                        on conflict (source_key) do nothing
                        returning id""")
                .bind("contact", contact.value())
                .bind("channel", channel.name())
                .bind("key", sourceKey)
                .bind("at", at)
                .map(row -> new Touch(row.get("id", Long.class), null, false, true, null, false))
                .one()
                .switchIfEmpty(Mono.defer(() -> existing(sourceKey)));
    }

    private Mono<Touch> existing(String sourceKey) {
        return db.sql("select id, campaign_id, self_referral from referral.touch where source_key = :key")
                .bind("key", sourceKey)
                .map(row -> new Touch(row.get("id", Long.class), row.get("campaign_id", Long.class),
                        Boolean.TRUE.equals(row.get("self_referral", Boolean.class)), false, null, false))
                .one();
    }

    private Mono<Long> advocateOf(long linkId) {
        return db.sql("select advocate_sharer_id from referral.share_link where id = :link")
                .bind("link", linkId)
                .map(row -> row.get("advocate_sharer_id", Long.class))
                .one();
    }

    /**
     * The edge sharer → contact, the first time this contact is brought into the campaign. A
     * prospect sharer's contact is the parent node; an employee's or partner's link hangs the
     * contact directly under them (depth 1). Contacts already above the sharer are never put below it.
     */
    private Mono<Touch> edge(long linkId, ContactId contact, Channel channel, Touch touch, Instant at) {
        return db.sql("""
                        insert into referral.tree_edge (campaign_id, contact_id, parent_contact_id, referrer_sharer_id,
                                                        advocate_sharer_id, depth, path, channel, touch_id, created_at)
                        """ + EDGE.formatted(":touch") + """
                          from (select l.*, s.kind, s.contact_id as sharer_contact from referral.share_link l
                                  join referral.sharer s on s.id = l.sharer_id where l.id = :link) l
                          left join referral.tree_edge pe on pe.campaign_id = l.campaign_id and pe.contact_id = l.sharer_contact
                         where not (:contact = any(coalesce(pe.path, '{}'::bigint[])))
                        on conflict (campaign_id, contact_id) do nothing""")
                .bind("contact", contact.value())
                .bind("channel", channel.name())
                .bind("touch", touch.id())
                .bind("at", at)
                .bind("link", linkId)
                .then()
                .thenReturn(touch);
    }
}

package io.yutang.referral.sharelink;

import io.yutang.referral.ContactId;
import io.yutang.referral.ReferralProperties;
import io.yutang.referral.SceneCodes;
import io.yutang.referral.campaign.CampaignStore;
import io.yutang.referral.sharer.UnknownSharer;

import io.r2dbc.spi.Readable;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Referral's façade for share links: one per sharer per campaign, made on first request and reused
 * after. A prospect who shares onwards becomes a sharer too, and their link carries the link they
 * came through, so the tree and the owning advocate follow the chain.
 */
@Service
public class ShareLinks {

    /** WeChat's longest temporary QR code. */
    static final Duration SCENE_LIFETIME = Duration.ofDays(30);
    /** A code this close to expiry is re-issued on the next request. */
    static final Duration REISSUE_BEFORE = Duration.ofDays(5);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS = "id, campaign_id, sharer_id, token, scene_url, scene_expires_at";

    private final DatabaseClient db;
    private final CampaignStore campaigns;
    private final SceneCodes sceneCodes;
    private final ReferralProperties properties;
    private final Clock clock;

    ShareLinks(DatabaseClient db, CampaignStore campaigns, SceneCodes sceneCodes, ReferralProperties properties,
            Clock clock) {
        this.db = db;
        this.campaigns = campaigns;
        this.sceneCodes = sceneCodes;
        this.properties = properties;
        this.clock = clock;
    }

    /** A share link as attribution needs it. */
    public record Found(long linkId, long campaignId, String sceneTicket) {
    }

    /** The link with this token; empty for a malformed or unknown token. */
    public Mono<Found> byToken(String token) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{16,64}")) {
            return Mono.empty();
        }
        return db.sql("select id, campaign_id, scene_ticket from referral.share_link where token = :token")
                .bind("token", token)
                .map(row -> new Found(row.get("id", Long.class), row.get("campaign_id", Long.class),
                        row.get("scene_ticket", String.class)))
                .one();
    }

    /** The sharer's link for the campaign, with a scene code valid for at least five more days. */
    public Mono<ShareLink> forSharer(long campaignId, long sharerId) {
        return campaigns.find(campaignId)
                .then(db.sql("select id from referral.sharer where id = :s").bind("s", sharerId)
                        .map(row -> row.get("id", Long.class)).one())
                .switchIfEmpty(Mono.error(UnknownSharer::new))
                .flatMap(id -> linkOf(campaignId, id))
                .flatMap(this::withFreshScene);
    }

    /**
     * The link of the person signed in: their own as an employee or partner, or, for anyone else,
     * a prospect's link that carries the link they were brought in through.
     */
    public Mono<ShareLink> forContact(long campaignId, ContactId contact) {
        return campaigns.find(campaignId)
                .then(sharerOf(contact))
                .flatMap(sharer -> linkOf(campaignId, sharer))
                .flatMap(this::withFreshScene);
    }

    /**
     * The link the person signed in shares onward from a page of the campaign (WeChat's share
     * menu): as {@link #forContact}, made on first need, without a WeChat QR code (a poster asks for that).
     */
    public Mono<ShareLink> onward(long campaignId, ContactId contact) {
        return campaigns.find(campaignId).then(sharerOf(contact)).flatMap(sharer -> linkOf(campaignId, sharer));
    }

    /** The campaigns in which this sharer has a link (a prospect's: those they shared onwards), newest link first. */
    public Flux<Long> campaignsOfSharer(long sharerId) {
        return db.sql("select campaign_id from referral.share_link where sharer_id = :sharer order by id desc")
                .bind("sharer", sharerId)
                .map(row -> row.get("campaign_id", Long.class))
                .all();
    }

    /**
     * The sharer id of this contact (the employee or partner they are bound to before a prospect
     * sharer of theirs), made a prospect sharer if they were none.
     */
    Mono<Long> sharerOf(ContactId contact) {
        Instant now = clock.instant();
        return db.sql("""
                        insert into referral.sharer (kind, external_id, name, contact_id, bound_at, created_at, updated_at)
                        select 'PROSPECT', 'contact:' || c.id, coalesce(c.nickname, '微信用户'), c.id, :now, :now, :now
                          from referral.contact c
                         where c.id = :contact and not exists (select 1 from referral.sharer s where s.contact_id = c.id)
                        on conflict do nothing""")
                .bind("contact", contact.value())
                .bind("now", now)
                .then()
                .then(db.sql("select id from referral.sharer where contact_id = :contact order by kind = 'PROSPECT' limit 1")
                        .bind("contact", contact.value())
                        .map(row -> row.get("id", Long.class))
                        .one());
    }

    private Mono<ShareLink> linkOf(long campaignId, long sharerId) {
        return db.sql("""
                        insert into referral.share_link (campaign_id, sharer_id, parent_link_id, advocate_sharer_id, token, created_at)
                        select :campaign, s.id, parent.id, coalesce(parent.advocate_sharer_id, s.id), :token, :now
                          from referral.sharer s
                          left join referral.tree_edge e
                                 on s.kind = 'PROSPECT' and e.campaign_id = :campaign and e.contact_id = s.contact_id
                          left join referral.touch t on t.id = e.touch_id
                          left join referral.share_link parent on parent.id = t.share_link_id
                         where s.id = :sharer
                        on conflict (campaign_id, sharer_id) do nothing""")
                .bind("campaign", campaignId)
                .bind("sharer", sharerId)
                .bind("token", newToken())
                .bind("now", clock.instant())
                .then()
                .then(db.sql("select " + COLUMNS + " from referral.share_link where campaign_id = :campaign and sharer_id = :sharer")
                        .bind("campaign", campaignId)
                        .bind("sharer", sharerId)
                        .map(this::link)
                        .one());
    }

    /**
     * Of a QR scene's readings ({@link SceneRefs#candidates}), the one whose link belongs to its
     * campaign; a single reading as it is (the touch finds out whether its link exists).
     */
    public Mono<SceneRefs.Ref> resolve(java.util.List<SceneRefs.Ref> readings) {
        if (readings.size() <= 1) {
            return Mono.justOrEmpty(readings.stream().findFirst());
        }
        return db.sql("select id, campaign_id from referral.share_link where id = any(:ids)")
                .bind("ids", readings.stream().map(SceneRefs.Ref::linkId).toArray(Long[]::new))
                .map(row -> new SceneRefs.Ref(row.get("campaign_id", Long.class), row.get("id", Long.class)))
                .all()
                .filter(readings::contains)
                .next();
    }

    private Mono<ShareLink> withFreshScene(ShareLink link) {
        Instant now = clock.instant();
        if (link.sceneExpiresAt() != null && link.sceneExpiresAt().isAfter(now.plus(REISSUE_BEFORE))) {
            return Mono.just(link);
        }
        return sceneCodes.issueTemporary(SceneRefs.of(link.campaignId(), link.id()), SCENE_LIFETIME)
                .flatMap(code -> db.sql("""
                                update referral.share_link set scene_ticket = :ticket, scene_url = :url, scene_expires_at = :expires
                                 where id = :id
                                returning\s""" + COLUMNS)
                        .bind("ticket", code.ticket())
                        .bind("url", code.url())
                        .bind("expires", code.expiresAt())
                        .bind("id", link.id())
                        .map(this::link)
                        .one());
    }

    private ShareLink link(Readable row) {
        String token = row.get("token", String.class);
        return new ShareLink(row.get("id", Long.class), row.get("campaign_id", Long.class),
                row.get("sharer_id", Long.class), token, properties.publicBaseUrl().resolve("/s/" + token),
                row.get("scene_url", String.class), row.get("scene_expires_at", Instant.class));
    }

    /** 128 random bits, URL-safe. */
    static String newToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

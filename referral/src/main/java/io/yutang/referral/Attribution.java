package io.yutang.referral;

import io.yutang.referral.sharer.SharerStore;
import io.yutang.referral.attribution.Conversions;
import io.yutang.referral.attribution.Touches;
import io.yutang.referral.board.Leaderboards;
import io.yutang.referral.campaign.Campaign;
import io.yutang.referral.campaign.CampaignStore;
import io.yutang.referral.digest.RepSignals;
import io.yutang.referral.sharelink.SceneRefs;

import java.net.URI;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Referral's façade for attribution: scans and link opens become touches (and, the first time,
 * tree edges); follows, registrations, attendance and leads become conversions credited to the
 * direct referrer and the owning advocate by the campaign's model and window. Every call is
 * idempotent on its source key.
 */
@Service
public class Attribution {

    private final DatabaseClient db;
    private final Touches touches;
    private final Conversions conversions;
    private final CampaignStore campaigns;
    private final Leaderboards boards;
    private final RepSignals repSignals;

    Attribution(DatabaseClient db, Touches touches, Conversions conversions, CampaignStore campaigns,
            Leaderboards boards, RepSignals repSignals) {
        this.db = db;
        this.touches = touches;
        this.conversions = conversions;
        this.campaigns = campaigns;
        this.boards = boards;
        this.repSignals = repSignals;
    }

    /**
     * A parametric QR code was scanned: by a new follower ({@code followed}, WeChat's
     * {@code subscribe} with {@code qrscene_}) or by an existing one ({@code SCAN}, a touch only).
     *
     * @param sourceKey what identifies the WeChat event across its retries
     */
    public Mono<Void> qrScanned(ContactId contact, String scene, boolean followed, Instant at, String sourceKey) {
        Touches.Channel channel = followed ? Touches.Channel.QR_FOLLOW : Touches.Channel.QR_SCAN;
        java.util.Optional<SceneRefs.Ref> ref = SceneRefs.parse(scene);
        Mono<Touches.Touch> touch = ref.isPresent()
                ? touches.throughLink(ref.get().linkId(), contact, channel, at, sourceKey)
                        .switchIfEmpty(Mono.defer(() -> touches.organic(contact, channel, at, sourceKey)))
                : touches.organic(contact, channel, at, sourceKey);
        return touch.flatMap(t -> counted(t).then(followed && t.campaignId() != null
                ? campaigns.find(t.campaignId())
                        .flatMap(campaign -> conversions.decide(campaign, contact, ConversionKind.FOLLOW,
                                "follow:" + campaign.id() + ":" + contact.value(), at))
                        .flatMap(this::afterDecision)
                        .then(clawBackIfAlreadyGone(contact, at))
                : Mono.empty()));
    }

    /**
     * A share link was opened in WeChat by a signed-in contact. Unknown tokens and links of ended
     * campaigns are recorded as organic touches and still land somewhere useful.
     */
    public Mono<Landing> linkOpened(String token, ContactId contact, Instant at, String sourceKey) {
        return linkByToken(token)
                .flatMap(found -> campaigns.find(found.campaignId()).flatMap(campaign -> {
                    if (campaign.endsAt() != null && !at.isBefore(campaign.endsAt())) {
                        return touches.organic(contact, Touches.Channel.LINK_OPEN, at, sourceKey)
                                .thenReturn(landing(campaign, token, null));
                    }
                    return touches.throughLink(found.linkId(), contact, Touches.Channel.LINK_OPEN, at, sourceKey)
                            .thenReturn(landing(campaign, token, found.sceneTicket()));
                }))
                .switchIfEmpty(Mono.defer(() -> touches.organic(contact, Touches.Channel.LINK_OPEN, at, sourceKey)
                        .thenReturn(new Landing(null, null, null))));
    }

    /** The contact unfollowed: follow credits inside the clawback period are reversed. */
    public Mono<Void> unfollowed(ContactId contact, Instant at) {
        return conversions.unfollowed(contact, at).collectList().flatMap(boards::apply);
    }

    /**
     * Credits a registration, attendance or lead. The campaign is the share token's when one came
     * with the claim (the token's link counts as a touch), else the campaign targeting the same
     * thing that the contact touched last.
     */
    public Mono<AttributionDecision> converted(ConversionClaim claim) {
        Mono<Campaign> campaign = claim.shareToken() == null ? Mono.empty()
                : linkByToken(claim.shareToken())
                        .flatMap(found -> touches.throughLink(found.linkId(), claim.contact(), Touches.Channel.LINK_OPEN,
                                claim.occurredAt(), "claim:" + claim.sourceKey()).thenReturn(found.campaignId()))
                        .flatMap(campaigns::find);
        return campaign.switchIfEmpty(Mono.defer(() -> campaignTouchedLast(claim)))
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(found -> conversions.decide(found.orElse(null), claim.contact(), claim.kind(),
                        claim.sourceKey(), claim.occurredAt()))
                .flatMap(this::afterDecision);
    }

    /** Every decision taken on this contact's conversions, oldest first: "why was this credited to X?". */
    public Flux<AttributionDecision> decisionsFor(ContactId contact) {
        return conversions.ofContact(contact);
    }

    /** The campaign's latest decisions, optionally only those crediting one sharer. */
    public Flux<AttributionDecision> decisionsIn(long campaignId, Long sharerId, int limit) {
        return conversions.ofCampaign(campaignId, sharerId, limit);
    }

    /**
     * The standing credits of the conversions reported with these keys (reversed ones left out),
     * for reports that split another module's figures by referrer, rep, partner or department.
     */
    public Flux<ConversionCredit> creditsOf(java.util.Collection<String> sourceKeys) {
        if (sourceKeys.isEmpty()) {
            return Flux.empty();
        }
        return db.sql("""
                        select v.source_key,
                               r.id as r_id, r.kind as r_kind, r.name as r_name, r.title as r_title, r.department as r_department,
                               r.company as r_company, r.avatar_url as r_avatar_url, r.contact_id as r_contact_id,
                               a.id as a_id, a.kind as a_kind, a.name as a_name, a.title as a_title, a.department as a_department,
                               a.company as a_company, a.avatar_url as a_avatar_url, a.contact_id as a_contact_id
                          from referral.conversion v
                          join referral.credit kr on kr.conversion_id = v.id and kr.role = 'REFERRER' and kr.reversed_at is null
                          join referral.sharer r on r.id = kr.sharer_id
                          join referral.credit ka on ka.conversion_id = v.id and ka.role = 'ADVOCATE' and ka.reversed_at is null
                          join referral.sharer a on a.id = ka.sharer_id
                         where v.source_key = any(:keys)""")
                .bind("keys", sourceKeys.toArray(String[]::new))
                .map(row -> new ConversionCredit(row.get("source_key", String.class), SharerStore.read(row, "r_"), SharerStore.read(row, "a_")))
                .all();
    }

    private Mono<Void> counted(Touches.Touch touch) {
        boolean scan = touch.fresh() && !touch.selfReferral() && touch.campaignId() != null && touch.advocateSharerId() != null;
        return scan ? boards.scanned(touch.campaignId(), touch.advocateSharerId()) : Mono.empty();
    }

    private Mono<AttributionDecision> afterDecision(Conversions.Decided decided) {
        if (!decided.fresh()) {
            return Mono.just(decided.decision());
        }
        return boards.apply(decided.credits())
                .then(repSignals.credited(decided.decision()))
                .thenReturn(decided.decision());
    }

    /** An unfollow that was applied before this follow (events out of order) still claws it back. */
    private Mono<Void> clawBackIfAlreadyGone(ContactId contact, Instant followedAt) {
        return db.sql("select unsubscribed_at from referral.contact where id = :id and not subscribed and unsubscribed_at >= :at")
                .bind("id", contact.value())
                .bind("at", followedAt)
                .map(row -> row.get("unsubscribed_at", Instant.class))
                .one()
                .flatMap(unfollowedAt -> unfollowed(contact, unfollowedAt));
    }

    private Mono<Campaign> campaignTouchedLast(ConversionClaim claim) {
        if (claim.targetKind() == null || claim.targetRef() == null) {
            return Mono.empty();
        }
        return db.sql("""
                        select k.id from referral.campaign k
                          left join referral.touch t on t.campaign_id = k.id and t.contact_id = :contact and t.occurred_at <= :at
                         where k.target_kind = :kind and k.target_ref = :ref
                         group by k.id
                         order by max(t.occurred_at) desc nulls last, k.id desc
                         limit 1""")
                .bind("contact", claim.contact().value())
                .bind("at", claim.occurredAt())
                .bind("kind", claim.targetKind().name())
                .bind("ref", claim.targetRef())
                .map(row -> row.get("id", Long.class))
                .one()
                .flatMap(campaigns::find);
    }

    private record FoundLink(long linkId, long campaignId, String sceneTicket) {
    }

    private Mono<FoundLink> linkByToken(String token) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{16,64}")) {
            return Mono.empty();
        }
        return db.sql("select id, campaign_id, scene_ticket from referral.share_link where token = :token")
                .bind("token", token)
                .map(row -> new FoundLink(row.get("id", Long.class), row.get("campaign_id", Long.class),
                        row.get("scene_ticket", String.class)))
                .one();
    }

    private static Landing landing(Campaign campaign, String token, String sceneTicket) {
        URI target = campaign.targetUrl() == null ? null
                : UriComponentsBuilder.fromUri(campaign.targetUrl()).queryParam("st", token).build().toUri();
        return new Landing(target, campaign.name(), sceneTicket);
    }
}

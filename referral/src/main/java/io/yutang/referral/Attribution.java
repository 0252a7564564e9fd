package io.yutang.referral;

import io.yutang.referral.behaviour.BehaviourLog;
import io.yutang.referral.contact.ContactIdentities;
import io.yutang.referral.contact.ContactStore;
import io.yutang.referral.attribution.Conversions;
import io.yutang.referral.attribution.Touches;
import io.yutang.referral.board.Leaderboards;
import io.yutang.referral.campaign.Campaign;
import io.yutang.referral.campaign.CampaignStore;
import io.yutang.referral.campaign.UnknownCampaign;
import io.yutang.referral.digest.RepSignals;
import io.yutang.referral.sharelink.SceneRefs;
import io.yutang.referral.sharelink.ShareLinks;

import java.net.URI;
import java.time.Instant;
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

    private final ContactStore contactStore;
    private final Touches touches;
    private final ShareLinks shareLinks;
    private final Conversions conversions;
    private final CampaignStore campaigns;
    private final Leaderboards boards;
    private final RepSignals repSignals;
    private final BehaviourLog behaviours;
    private final ContactIdentities identities;

    Attribution(ContactStore contactStore, Touches touches, ShareLinks shareLinks, Conversions conversions, CampaignStore campaigns,
            Leaderboards boards, RepSignals repSignals, BehaviourLog behaviours, ContactIdentities identities) {
        this.behaviours = behaviours;
        this.identities = identities;
        this.contactStore = contactStore;
        this.touches = touches;
        this.shareLinks = shareLinks;
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
        Mono<Void> scanned = followed ? Mono.empty()
                : behaviours.record(Behaviour.of(contact, BehaviourKind.SCAN, null, at, "scan:" + sourceKey));
        return scanned.then(touched(contact, scene, followed, channel, at, sourceKey));
    }

    private Mono<Void> touched(ContactId contact, String scene, boolean followed, Touches.Channel channel, Instant at,
            String sourceKey) {
        java.util.List<SceneRefs.Ref> readings = SceneRefs.candidates(scene);
        Mono<Void> organic = Mono.defer(() -> touches.organic(contact, channel, at, sourceKey).flatMap(this::counted));
        if (readings.isEmpty()) {
            return organic;
        }
        // A scene that names no campaign of ours (another tool's code of the account, a deleted campaign) is organic.
        return shareLinks.resolve(readings)
                .flatMap(ref -> campaigns.find(ref.campaignId()).onErrorResume(UnknownCampaign.class, unknown -> Mono.empty())
                        .flatMap(scanned -> linkTouched(ref, scanned, contact, followed, channel, at, sourceKey).thenReturn(true)))
                .switchIfEmpty(organic.thenReturn(true))
                .then();
    }

    private Mono<Void> linkTouched(SceneRefs.Ref ref, Campaign scanned, ContactId contact, boolean followed,
            Touches.Channel channel, Instant at, String sourceKey) {
        if (!scanned.runsAt(at)) {
            return touches.organic(contact, channel, at, sourceKey)
                    .then(followed ? follow(scanned, contact, at) : Mono.<Void>empty());
        }
        return touches.throughLink(ref.linkId(), contact, channel, at, sourceKey)
                .switchIfEmpty(Mono.defer(() -> touches.organic(contact, channel, at, sourceKey)))
                .flatMap(t -> counted(t).then(!followed || t.campaignId() == null ? Mono.<Void>empty()
                        // The scene names its link's campaign, unless it was forged: then the link's counts.
                        : t.campaignId() == scanned.id() ? follow(scanned, contact, at)
                        : campaigns.find(t.campaignId()).flatMap(campaign -> follow(campaign, contact, at))));
    }

    /** Decides the follow's credit (a follow out of the campaign's run is decided too, to say why it earns nothing). */
    private Mono<Void> follow(Campaign campaign, ContactId contact, Instant at) {
        return conversions.decide(campaign, contact, ConversionKind.FOLLOW, "follow:" + campaign.id() + ":" + contact.value(), at)
                .flatMap(this::afterDecision)
                // Only a credit can be clawed back.
                .flatMap(decision -> decision.credited() ? clawBackIfAlreadyGone(contact, at) : Mono.empty());
    }

    /**
     * A share link was opened in WeChat by a signed-in contact. Unknown tokens, and links opened
     * outside their campaign's run (after its end, before its start), are recorded as organic
     * touches and still land somewhere useful: an ended campaign's link on the page that says how
     * to follow the account, a campaign that has not started on its page without the share token.
     */
    public Mono<Landing> linkOpened(String token, ContactId contact, Instant at, String sourceKey) {
        return shareLinks.byToken(token)
                .flatMap(found -> campaigns.find(found.campaignId()).flatMap(campaign -> {
                    if (!campaign.runsAt(at)) {
                        boolean ended = campaign.endsAt() != null && !at.isBefore(campaign.endsAt());
                        return touches.organic(contact, Touches.Channel.LINK_OPEN, at, sourceKey)
                                .thenReturn(ended ? new Landing(null, campaign.name(), found.sceneTicket(), true)
                                        : new Landing(campaign.targetUrl(), campaign.name(), found.sceneTicket(), false));
                    }
                    return touches.throughLink(found.linkId(), contact, Touches.Channel.LINK_OPEN, at, sourceKey)
                            .flatMap(this::forwarded)
                            .thenReturn(landing(campaign, token, found.sceneTicket()));
                }))
                .switchIfEmpty(Mono.defer(() -> touches.organic(contact, Touches.Channel.LINK_OPEN, at, sourceKey)
                        .thenReturn(new Landing(null, null, null, false))));
    }

    /** The contact unfollowed: follow credits inside the clawback period are reversed. */
    public Mono<Void> unfollowed(ContactId contact, Instant at) {
        return conversions.unfollowed(contact, at).collectList().flatMap(boards::apply);
    }

    /**
     * The conversion reported with {@code sourceKey} was withdrawn (a registration cancelled): its
     * credits are reversed and the leaderboards move back, as an unfollow moves follows. Idempotent:
     * a second call, or one for a conversion never credited, changes nothing. A conversion reported
     * again after a withdrawal needs a key of its own (livestream adds the registration's round).
     */
    public Mono<Void> withdrawn(String sourceKey, Instant at) {
        return conversions.withdrawn(sourceKey, at).collectList().flatMap(boards::apply)
                .then(behaviours.withdraw(sourceKey));
    }

    /**
     * Credits a registration, attendance, lead or qualified lead. The campaign is the share token's
     * when one came with the claim (the token's link counts as a touch while the campaign runs;
     * after its end or before its start it is an organic touch), else the campaign targeting the
     * same thing that the contact touched last, else (a claim about no one thing, such as a
     * qualified lead) the campaign the contact touched last.
     */
    public Mono<AttributionDecision> converted(ConversionClaim claim) {
        Mono<Campaign> campaign = claim.shareToken() == null ? Mono.empty()
                : shareLinks.byToken(claim.shareToken())
                        .flatMap(found -> campaigns.find(found.campaignId()).flatMap(linked -> linked.runsAt(claim.occurredAt())
                                ? touches.throughLink(found.linkId(), claim.contact(), Touches.Channel.LINK_OPEN,
                                        claim.occurredAt(), "claim:" + claim.sourceKey()).thenReturn(linked)
                                : touches.organic(claim.contact(), Touches.Channel.LINK_OPEN, claim.occurredAt(),
                                        "claim:" + claim.sourceKey()).thenReturn(linked)));
        // A qualified lead is the scoring's verdict on behaviour already logged, not a behaviour of its own.
        Mono<Void> logged = claim.kind() == ConversionKind.QUALIFIED_LEAD ? Mono.empty() : behaviours.record(behaviourOf(claim));
        return logged.then(identified(claim)).then(campaign)
                .switchIfEmpty(Mono.defer(() -> campaignTouchedLast(claim)))
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(found -> conversions.decide(found.orElse(null), claim.contact(), claim.kind(),
                        claim.sourceKey(), claim.occurredAt()))
                .flatMap(decided -> claim.prospectName() == null && claim.prospectCompany() == null && claim.detail() == null
                        ? Mono.just(decided)
                        : conversions.describeProspect(claim.sourceKey(), claim.prospectName(), claim.prospectCompany(), claim.detail())
                                .thenReturn(decided))
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
        return conversions.creditsOf(sourceKeys);
    }

    /**
     * A form that says how to reach the prospect: its phone and e-mail are kept as the contact's
     * identity and, the first time this combination is given, logged as an {@code IDENTIFIED}
     * behaviour (keyed by the form that first gave it, so a retried claim logs nothing new).
     */
    private Mono<Void> identified(ConversionClaim claim) {
        if (!claim.identifies()) {
            return Mono.empty();
        }
        Behaviour form = behaviourOf(claim);
        return identities.identified(claim.contact(), claim.prospectPhone(), claim.prospectEmail(), claim.prospectName(),
                        claim.prospectCompany(), form.ref(), claim.sourceKey(), claim.occurredAt())
                .flatMap(identity -> behaviours.record(Behaviour.of(claim.contact(), BehaviourKind.IDENTIFIED, identity.ref(),
                        identity.identifiedAt(), "identified:" + identity.sourceKey())));
    }

    /** What the claim says the contact did (claims are registrations, attendances and leads; follows come from WeChat). */
    private static Behaviour behaviourOf(ConversionClaim claim) {
        BehaviourKind kind = switch (claim.kind()) {
            case REGISTRATION -> BehaviourKind.REGISTRATION;
            case ATTENDANCE -> BehaviourKind.ATTENDANCE;
            case LEAD, QUALIFIED_LEAD, FOLLOW -> BehaviourKind.LEAD;
        };
        String ref = claim.targetKind() == null || claim.targetRef() == null ? null
                : claim.targetKind().name().toLowerCase() + ":" + claim.targetRef();
        return Behaviour.of(claim.contact(), kind, ref, claim.occurredAt(), claim.sourceKey());
    }

    private Mono<Void> counted(Touches.Touch touch) {
        return forwarded(touch).then(scanCounted(touch));
    }

    /** A fresh touch through a prospect's onward link is that prospect's forward. */
    private Mono<Void> forwarded(Touches.Touch touch) {
        return touch.fresh() && touch.throughProspect() && !touch.selfReferral() ? behaviours.forwarded(touch.id()) : Mono.empty();
    }

    private Mono<Void> scanCounted(Touches.Touch touch) {
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
        return contactStore.unfollowedSince(contact, followedAt)
                .flatMap(unfollowedAt -> unfollowed(contact, unfollowedAt));
    }

    private Mono<Campaign> campaignTouchedLast(ConversionClaim claim) {
        if (claim.targetKind() == null || claim.targetRef() == null) {
            return touches.campaignTouchedLast(claim.contact(), claim.occurredAt()).flatMap(campaigns::find);
        }
        return touches.campaignTouchedLast(claim.contact(), claim.occurredAt(), claim.targetKind(), claim.targetRef())
                .flatMap(campaigns::find);
    }

    private static Landing landing(Campaign campaign, String token, String sceneTicket) {
        URI target = campaign.targetUrl() == null ? null
                : UriComponentsBuilder.fromUri(campaign.targetUrl()).queryParam("st", token).build().toUri();
        return new Landing(target, campaign.name(), sceneTicket, false);
    }
}

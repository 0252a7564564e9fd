package io.yutang.referral.testing;

import io.yutang.referral.AttributionDecision;
import io.yutang.referral.ContactId;
import io.yutang.referral.ConversionClaim;
import io.yutang.referral.ConversionKind;
import io.yutang.referral.Landing;
import io.yutang.referral.TargetKind;
import io.yutang.referral.WeChatUser;
import io.yutang.referral.campaign.Campaign;
import io.yutang.referral.sharelink.ShareLink;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A WeChat user and their contact, doing what the gateway reports for them: following through a
 * sharer's QR code, scanning it as a follower, opening a share link, unfollowing, converting.
 * Each step goes through referral's façades as the gateway's handlers call them.
 */
public record Person(ReferralFixtures fixtures, String nickname, WeChatUser user, ContactId contact) {

    /** Scans the link's QR code and follows (WeChat's {@code subscribe} with {@code qrscene_}). */
    public void followsThrough(ShareLink link, Instant at) {
        followsThrough(link, at, "subscribe:" + user.openid() + ":" + at.toEpochMilli());
    }

    /** As {@link #followsThrough(ShareLink, Instant)}, delivered with this WeChat event key (a retry repeats it). */
    public void followsThrough(ShareLink link, Instant at, String eventKey) {
        fixtures.contacts().followed(user, at)
                .flatMap(id -> fixtures.attribution().qrScanned(id, sceneOf(link), true, at, eventKey))
                .block(ReferralFixtures.WAIT);
    }

    /** Follows through a code whose scan reports this scene string (one this fake did not issue, or an older one). */
    public void followsThroughScene(String scene, Instant at) {
        fixtures.contacts().followed(user, at)
                .flatMap(id -> fixtures.attribution().qrScanned(id, scene, true, at, "subscribe:" + user.openid() + ":" + at.toEpochMilli()))
                .block(ReferralFixtures.WAIT);
    }

    /** Follows with no campaign's code (search, a name card): no touch of any campaign. */
    public void followsOrganically(Instant at) {
        fixtures.contacts().followed(user, at).block(ReferralFixtures.WAIT);
    }

    /** Scans the link's QR code while already following (WeChat's {@code SCAN}). */
    public void scans(ShareLink link, Instant at) {
        String key = "scan:" + user.openid() + ":" + at.toEpochMilli();
        fixtures.contacts().seen(user, at)
                .flatMap(id -> fixtures.attribution().qrScanned(id, sceneOf(link), false, at, key))
                .block(ReferralFixtures.WAIT);
    }

    /** Opens the share link in WeChat, signed in. */
    public Landing opens(ShareLink link, Instant at) {
        return fixtures.attribution().linkOpened(link.token(), contact, at, "open:" + UUID.randomUUID())
                .block(ReferralFixtures.WAIT);
    }

    /** Unfollows the account. */
    public void unfollows(Instant at) {
        fixtures.contacts().unfollowed(user, at)
                .flatMap(id -> fixtures.attribution().unfollowed(id, at))
                .block(ReferralFixtures.WAIT);
    }

    /** Registers for the campaign's live event without a share token; the decision referral took. */
    public AttributionDecision registersFor(Campaign campaign, Instant at) {
        return registersFor(campaign, at, "registration:" + UUID.randomUUID());
    }

    /** As {@link #registersFor(Campaign, Instant)}, reported with this source key. */
    public AttributionDecision registersFor(Campaign campaign, Instant at, String sourceKey) {
        return fixtures.attribution().converted(new ConversionClaim(contact, ConversionKind.REGISTRATION, sourceKey, at,
                TargetKind.LIVE_EVENT, campaign.targetRef(), null)).block(ReferralFixtures.WAIT);
    }

    /** Registers for the campaign's event, giving this name and company on the form. */
    public AttributionDecision registersFor(Campaign campaign, Instant at, String formName, String formCompany) {
        return fixtures.attribution().converted(new ConversionClaim(contact, ConversionKind.REGISTRATION,
                "registration:" + UUID.randomUUID(), at, TargetKind.LIVE_EVENT, campaign.targetRef(), null, formName,
                formCompany)).block(ReferralFixtures.WAIT);
    }

    /** Every decision referral took on this person's conversions, oldest first. */
    public List<AttributionDecision> decisions() {
        return fixtures.attribution().decisionsFor(contact).collectList().block(ReferralFixtures.WAIT);
    }

    /** The node id the tree gives this person ({@code c<contact>}). */
    public String node() {
        return "c" + contact.value();
    }

    private static String sceneOf(ShareLink link) {
        return FakeSceneCodes.sceneOf(link.sceneUrl());
    }

    @Override
    public String toString() {
        return "Person[" + nickname + "]";
    }
}

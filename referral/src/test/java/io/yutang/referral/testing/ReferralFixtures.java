package io.yutang.referral.testing;

import io.yutang.referral.Attribution;
import io.yutang.referral.ContactId;
import io.yutang.referral.Contacts;
import io.yutang.referral.Sharer;
import io.yutang.referral.SharerKind;
import io.yutang.referral.WeChatUser;
import io.yutang.referral.board.BoardDimension;
import io.yutang.referral.board.BoardMetric;
import io.yutang.referral.board.Leaderboard;
import io.yutang.referral.board.Leaderboards;
import io.yutang.referral.campaign.Campaign;
import io.yutang.referral.campaign.CampaignStore;
import io.yutang.referral.sharelink.ShareLink;
import io.yutang.referral.sharelink.ShareLinks;
import io.yutang.referral.sharer.SharerStore;
import io.yutang.referral.tree.ReferralTree;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * Readable set-up for referral tests on a {@link ReferralSlice}: campaigns, employees and partners,
 * WeChat users (as {@link Person}) and share links, each made through referral's own services.
 * Names and references carry a batch id of their own, so tests never see each other's data.
 */
public final class ReferralFixtures {

    static final Duration WAIT = Duration.ofSeconds(10);
    public static final String APP_ID = "wx-referral-test";

    private final ReferralSlice slice;
    private final String batch = UUID.randomUUID().toString().substring(0, 8);

    public ReferralFixtures(ReferralSlice slice) {
        this.slice = slice;
    }

    /** Fixtures on the JVM's shared referral slice. */
    public static ReferralFixtures onSharedSlice() {
        return new ReferralFixtures(ReferralSlice.shared());
    }

    /** A campaign to be created; last touch, 30-day window and 7-day clawback unless told otherwise. */
    public CampaignBuilder campaign(String name) {
        return new CampaignBuilder(slice.bean(CampaignStore.class), name + " " + batch, batch,
                slice.clock().instant().minus(Duration.ofDays(60)));
    }

    /** An employee (sales rep) to be imported. */
    public SharerBuilder employee(String name) {
        return new SharerBuilder(this, SharerKind.EMPLOYEE, name);
    }

    /** A partner's staff member to be imported. */
    public SharerBuilder partner(String name, String company) {
        return new SharerBuilder(this, SharerKind.PARTNER, name).company(company);
    }

    /** A WeChat user yutang has seen once (a contact, not a follower). */
    public Person person(String nickname) {
        WeChatUser user = new WeChatUser(APP_ID, "o-" + nickname + "-" + batch + "-" + UUID.randomUUID());
        ContactId contact = await(slice.bean(Contacts.class).seen(user, slice.clock().instant().minus(Duration.ofDays(90))));
        return new Person(this, nickname, user, contact);
    }

    /** A WeChat user who has followed the account since {@code since}, brought in by no one. */
    public Person follower(String nickname, Instant since) {
        Person person = person(nickname);
        await(slice.bean(Contacts.class).followed(person.user(), since));
        return person;
    }

    /** The sharer's share link for the campaign (made on first request). */
    public ShareLink shareLink(Campaign campaign, Sharer sharer) {
        return await(slice.bean(ShareLinks.class).forSharer(campaign.id(), sharer.id()));
    }

    /** The person's own link for the campaign: a prospect sharing onwards becomes a sharer. */
    public ShareLink shareLinkOf(Campaign campaign, Person person) {
        return await(slice.bean(ShareLinks.class).forContact(campaign.id(), person.contact()));
    }

    /** The sharer this person is (bound employee or partner, or a prospect who shared). */
    public Sharer sharerOf(Person person) {
        return await(slice.bean(SharerStore.class).ofContact(person.contact()));
    }

    /** The top of a board, as marketing sees it. */
    public Leaderboard board(Campaign campaign, BoardDimension dimension, BoardMetric metric) {
        return await(boards().board(campaign.id(), dimension, metric, 50));
    }

    public Attribution attribution() {
        return slice.bean(Attribution.class);
    }

    public Contacts contacts() {
        return slice.bean(Contacts.class);
    }

    public Leaderboards boards() {
        return slice.bean(Leaderboards.class);
    }

    public ReferralTree tree() {
        return slice.bean(ReferralTree.class);
    }

    public SharerStore sharers() {
        return slice.bean(SharerStore.class);
    }

    public ReferralSlice slice() {
        return slice;
    }

    String batch() {
        return batch;
    }

    /** The publisher's value, waiting at most ten seconds (set-up only; tests verify with StepVerifier). */
    public static <T> T await(Mono<T> value) {
        return value.block(WAIT);
    }
}

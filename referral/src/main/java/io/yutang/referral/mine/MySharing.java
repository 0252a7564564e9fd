package io.yutang.referral.mine;

import io.yutang.referral.ContactId;
import io.yutang.referral.Sharer;
import io.yutang.referral.SharerKind;
import io.yutang.referral.board.BoardDimension;
import io.yutang.referral.board.BoardMetric;
import io.yutang.referral.board.Leaderboard;
import io.yutang.referral.board.Leaderboards;
import io.yutang.referral.campaign.Campaign;
import io.yutang.referral.campaign.CampaignStore;
import io.yutang.referral.campaign.UnknownCampaign;
import io.yutang.referral.sharelink.ShareLinks;
import io.yutang.referral.sharer.NotASharer;
import io.yutang.referral.sharer.SharerStore;
import io.yutang.referral.tree.ReferralTree;
import io.yutang.referral.tree.Subtree;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A sharer's own view of their sharing, the one copy the JSON endpoints and the pages both use:
 * the campaigns they may share, what they (a rep or prospect) or their company (a partner) brought
 * in, their rank on each board, and their prospects' recent steps. Nobody sees anyone else's.
 */
@Service
class MySharing {

    /** The most prospect steps a page shows. */
    static final int PROSPECT_STEPS = 50;

    private final SharerStore sharers;
    private final CampaignStore campaigns;
    private final ShareLinks links;
    private final ReferralTree tree;
    private final Leaderboards boards;
    private final ProspectSteps steps;
    private final Clock clock;

    MySharing(SharerStore sharers, CampaignStore campaigns, ShareLinks links, ReferralTree tree, Leaderboards boards,
            ProspectSteps steps, Clock clock) {
        this.sharers = sharers;
        this.campaigns = campaigns;
        this.links = links;
        this.tree = tree;
        this.boards = boards;
        this.steps = steps;
        this.clock = clock;
    }

    /** The sharer the signed-in contact is (employee, partner, or a prospect who shared onwards); empty for anyone else. */
    Mono<Sharer> sharer(ContactId contact) {
        return sharers.ofContact(contact);
    }

    /**
     * The running campaigns the sharer may share, newest first: every one for an employee or a
     * partner, those they already shared onwards for a prospect.
     */
    Flux<Campaign> campaigns(Sharer sharer) {
        Mono<List<Long>> own = sharer.kind() == SharerKind.PROSPECT ? links.campaignsOfSharer(sharer.id()).collectList()
                : Mono.just(List.of());
        return own.flatMapMany(shared -> campaigns.list()
                .filter(campaign -> campaign.runsAt(clock.instant()))
                .filter(campaign -> sharer.kind() != SharerKind.PROSPECT || shared.contains(campaign.id())));
    }

    /** The campaign, if the sharer may share it now; else {@link UnknownCampaign}. */
    Mono<Campaign> shareable(long campaignId, Sharer sharer) {
        return campaigns(sharer).filter(campaign -> campaign.id() == campaignId).next()
                .switchIfEmpty(Mono.error(UnknownCampaign::new));
    }

    /** What the contact (a rep or prospect) or their company (a partner) brought into the campaign; zero for a non-sharer. */
    Mono<Subtree> subtree(long campaignId, ContactId contact) {
        return campaigns.find(campaignId).then(sharers.ofContact(contact))
                .flatMap(sharer -> subtree(campaignId, sharer))
                .defaultIfEmpty(new Subtree(campaignId, "me", 0, 0, List.of()));
    }

    /** What the sharer (a rep or prospect) or their company (a partner) brought into the campaign, by depth. */
    Mono<Subtree> subtree(long campaignId, Sharer sharer) {
        return sharer.kind() == SharerKind.PARTNER && sharer.company() != null
                ? tree.subtreeOfCompany(campaignId, sharer.company())
                : tree.subtreeOfSharer(campaignId, sharer.id());
    }

    /** The contact's rank (a rep) or their company's (a partner) on each board; {@link NotASharer} for anyone else. */
    Mono<Map<BoardMetric, Leaderboard.Entry>> standing(long campaignId, ContactId contact) {
        return campaigns.find(campaignId).then(sharers.ofContact(contact))
                .filter(MySharing::ranked)
                .switchIfEmpty(Mono.error(NotASharer::new))
                .flatMap(sharer -> standing(campaignId, sharer));
    }

    /**
     * The rank and score on each board where the rep (or the partner's company) has any, in the
     * boards' order; a board where they have none is left out.
     */
    Mono<Map<BoardMetric, Leaderboard.Entry>> standing(long campaignId, Sharer sharer) {
        boolean partner = sharer.kind() == SharerKind.PARTNER;
        BoardDimension dimension = partner ? BoardDimension.PARTNER : BoardDimension.EMPLOYEE;
        String member = partner ? sharer.company() : String.valueOf(sharer.id());
        String label = partner ? sharer.company() : sharer.name();
        return Flux.fromArray(BoardMetric.values())
                .concatMap(metric -> boards.standing(campaignId, dimension, metric, member)
                        .map(entry -> Map.entry(metric, new Leaderboard.Entry(entry.rank(), member, label, entry.score()))))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
    }

    /** The latest steps of the prospects the sharer (or the partner's company) brought into the campaign, newest first. */
    Flux<ProspectStep> prospects(long campaignId, Sharer sharer) {
        return steps.ofBranch(campaignId, sharer, PROSPECT_STEPS);
    }

    /** Whether the sharer is on the boards (employees and partners; prospects are not). */
    static boolean ranked(Sharer sharer) {
        return sharer.kind() == SharerKind.EMPLOYEE || sharer.kind() == SharerKind.PARTNER;
    }
}

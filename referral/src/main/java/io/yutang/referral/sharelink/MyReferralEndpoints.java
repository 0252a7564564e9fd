package io.yutang.referral.sharelink;

import io.yutang.referral.SharerKind;
import io.yutang.referral.Viewer;
import io.yutang.referral.board.BoardDimension;
import io.yutang.referral.board.BoardMetric;
import io.yutang.referral.board.Leaderboard;
import io.yutang.referral.board.Leaderboards;
import io.yutang.referral.campaign.CampaignStore;
import io.yutang.referral.sharer.NotASharer;
import io.yutang.referral.sharer.SharerStore;
import io.yutang.referral.tree.ReferralTree;
import io.yutang.referral.tree.Subtree;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What a signed-in WeChat user sees of their own sharing (H5 session): a rep their own link,
 * subtree and rank; a partner their company's subtree and rank; a prospect their own link and
 * branch. Nobody sees anyone else's.
 */
@Tag(name = "my sharing", description = "A signed-in sharer's own link, subtree and rank (H5 session)")
@SecurityRequirement(name = "session")
@RestController
@RequestMapping("/my/campaigns/{id}")
public class MyReferralEndpoints {

    private final ShareLinks links;
    private final SharerStore sharers;
    private final ReferralTree tree;
    private final Leaderboards boards;
    private final CampaignStore campaigns;

    MyReferralEndpoints(ShareLinks links, SharerStore sharers, ReferralTree tree, Leaderboards boards, CampaignStore campaigns) {
        this.links = links;
        this.sharers = sharers;
        this.tree = tree;
        this.boards = boards;
        this.campaigns = campaigns;
    }

    @Operation(summary = "My share link and scene code for the campaign (prospects get one that carries how they came)")
    @GetMapping("/share-link")
    Mono<ShareLink> shareLink(@PathVariable long id, @AuthenticationPrincipal Viewer viewer) {
        return links.forContact(id, viewer.contact());
    }

    @Operation(summary = "What I (a rep or prospect) or my company (a partner) brought in, per depth")
    @GetMapping("/subtree")
    Mono<Subtree> subtree(@PathVariable long id, @AuthenticationPrincipal Viewer viewer) {
        return campaigns.find(id).then(sharers.ofContact(viewer.contact()))
                .flatMap(sharer -> sharer.kind() == SharerKind.PARTNER && sharer.company() != null
                        ? tree.subtreeOfCompany(id, sharer.company())
                        : tree.subtreeOfSharer(id, sharer.id()))
                .defaultIfEmpty(new Subtree(id, "me", 0, 0, java.util.List.of()));
    }

    @Operation(summary = "My rank (rep) or my company's rank (partner) on each of the campaign's leaderboards")
    @GetMapping("/standing")
    Mono<Map<BoardMetric, Leaderboard.Entry>> standing(@PathVariable long id, @AuthenticationPrincipal Viewer viewer) {
        return campaigns.find(id).then(sharers.ofContact(viewer.contact()))
                .filter(sharer -> sharer.kind() == SharerKind.EMPLOYEE || sharer.kind() == SharerKind.PARTNER)
                .switchIfEmpty(Mono.error(NotASharer::new))
                .flatMap(sharer -> {
                    boolean partner = sharer.kind() == SharerKind.PARTNER;
                    BoardDimension dimension = partner ? BoardDimension.PARTNER : BoardDimension.EMPLOYEE;
                    String member = partner ? sharer.company() : String.valueOf(sharer.id());
                    String label = partner ? sharer.company() : sharer.name();
                    return Flux.fromArray(BoardMetric.values())
                            .concatMap(metric -> boards.standing(id, dimension, metric, member)
                                    .map(entry -> Map.entry(metric, new Leaderboard.Entry(entry.rank(), member, label, entry.score()))))
                            .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
                });
    }
}

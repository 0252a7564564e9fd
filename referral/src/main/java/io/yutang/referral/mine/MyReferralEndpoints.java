package io.yutang.referral.mine;

import io.yutang.referral.Viewer;
import io.yutang.referral.board.BoardMetric;
import io.yutang.referral.board.Leaderboard;
import io.yutang.referral.sharelink.ShareLink;
import io.yutang.referral.sharelink.ShareLinks;
import io.yutang.referral.tree.Subtree;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * What a signed-in WeChat user sees of their own sharing (H5 session): a rep their own link,
 * subtree and rank; a partner their company's subtree and rank; a prospect their own link and
 * branch. Nobody sees anyone else's. The pages {@code /my} show the same figures ({@link MySharing}).
 */
@Tag(name = "my sharing", description = "A signed-in sharer's own link, subtree and rank (H5 session)")
@SecurityRequirement(name = "session")
@RestController
@RequestMapping("/my/campaigns/{id}")
class MyReferralEndpoints {

    private final ShareLinks links;
    private final MySharing mine;

    MyReferralEndpoints(ShareLinks links, MySharing mine) {
        this.links = links;
        this.mine = mine;
    }

    @Operation(summary = "My share link and scene code for the campaign (prospects get one that carries how they came)")
    @GetMapping("/share-link")
    Mono<ShareLink> shareLink(@PathVariable long id, @AuthenticationPrincipal Viewer viewer) {
        return links.forContact(id, viewer.contact());
    }

    @Operation(summary = "What I (a rep or prospect) or my company (a partner) brought in, per depth")
    @GetMapping("/subtree")
    Mono<Subtree> subtree(@PathVariable long id, @AuthenticationPrincipal Viewer viewer) {
        return mine.subtree(id, viewer.contact());
    }

    @Operation(summary = "My rank (rep) or my company's rank (partner) on each of the campaign's leaderboards")
    @GetMapping("/standing")
    Mono<Map<BoardMetric, Leaderboard.Entry>> standing(@PathVariable long id, @AuthenticationPrincipal Viewer viewer) {
        return mine.standing(id, viewer.contact());
    }
}

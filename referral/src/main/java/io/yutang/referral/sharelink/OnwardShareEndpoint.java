package io.yutang.referral.sharelink;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.yutang.referral.TargetKind;
import io.yutang.referral.Viewer;
import io.yutang.referral.attribution.Touches;
import io.yutang.referral.campaign.UnknownCampaign;
import java.net.URI;
import java.time.Clock;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * What a shareable H5 page gives WeChat's share menu: the viewer's own share link for the
 * campaign the page belongs to, so a forward credits the forwarder (and the tree grows a level),
 * not the person whose link the viewer came through. The campaign is the one of the link the page
 * was opened with ({@code st}), else the campaign targeting the page that the viewer touched last.
 */
@Tag(name = "my referrals")
@SecurityRequirement(name = "session")
@RestController
class OnwardShareEndpoint {

    private final ShareLinks links;
    private final Touches touches;
    private final Clock clock;

    OnwardShareEndpoint(ShareLinks links, Touches touches, Clock clock) {
        this.links = links;
        this.touches = touches;
        this.clock = clock;
    }

    /** The address to share: the viewer's own {@code /s/<token>}. */
    record OnwardLink(long campaignId, URI url) {
    }

    @Operation(summary = "My own share link for the page I am on (st: the link I came through; or the page's target)")
    @GetMapping("/my/share-link")
    Mono<OnwardLink> onward(@RequestParam(name = "st", required = false) String shareToken,
            @RequestParam(name = "target", required = false) TargetKind target,
            @RequestParam(name = "ref", required = false) String ref, @AuthenticationPrincipal Viewer viewer) {
        Mono<Long> viaToken = shareToken == null || !shareToken.matches("[A-Za-z0-9_-]{16,64}") ? Mono.empty()
                : links.byToken(shareToken).map(ShareLinks.Found::campaignId);
        Mono<Long> viaTarget = target == null || ref == null || ref.length() > 64 ? Mono.empty()
                : touches.campaignTouchedLast(viewer.contact(), clock.instant(), target, ref);
        return viaToken.switchIfEmpty(viaTarget)
                .switchIfEmpty(Mono.error(UnknownCampaign::new))
                .flatMap(campaign -> links.onward(campaign, viewer.contact()))
                .map(link -> new OnwardLink(link.campaignId(), link.url()));
    }
}

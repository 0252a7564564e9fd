package io.yutang.referral.mine;

import io.swagger.v3.oas.annotations.Hidden;
import io.yutang.referral.Sharer;
import io.yutang.referral.SharerKind;
import io.yutang.referral.TargetKind;
import io.yutang.referral.Viewer;
import io.yutang.referral.board.BoardMetric;
import io.yutang.referral.board.Leaderboard;
import io.yutang.referral.campaign.Campaign;
import io.yutang.referral.campaign.UnknownCampaign;
import io.yutang.referral.page.H5Pages;
import io.yutang.referral.sharelink.ShareLinks;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The employee's pages in WeChat (我的推广), templates {@code templates/referral/my*.html}:
 * {@code /my} lists the campaigns the signed-in sharer may share, newest first; {@code /my/campaigns/{id}}
 * shows their poster to long-press, sets WeChat's share menu to their own link, and shows their
 * results (a rep's or a partner company's board figures and ranks; a prospect's branch) and their
 * prospects' recent steps. A visitor not yet signed in goes through WeChat's silent sign-in first;
 * someone who shares nothing gets a page saying so; a campaign they may not share, a page saying
 * it is not there (404). Only ever the viewer's own figures.
 */
@Hidden
@Controller
class MyPages {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    /** A campaign in the list. */
    record CampaignView(long id, String name, TargetKind target, ZonedDateTime endsAt) {
    }

    /** One board's figure: the score, and the rank where there is one. */
    record MetricView(BoardMetric metric, long score, Integer rank) {
    }

    /** One prospect's step as the page shows it. */
    record StepView(String name, ProspectStep.Step step, Integer minutes, ZonedDateTime at) {
    }

    private final MySharing mine;
    private final ShareLinks links;
    private final MessageSource messages;

    MyPages(MySharing mine, ShareLinks links, MessageSource messages) {
        this.mine = mine;
        this.links = links;
        this.messages = messages;
    }

    @GetMapping(path = "/my", produces = MediaType.TEXT_HTML_VALUE)
    Mono<Rendering> campaigns(@AuthenticationPrincipal Viewer viewer) {
        if (viewer == null) {
            return Mono.just(H5Pages.signIn("/my"));
        }
        return mine.sharer(viewer.contact())
                .flatMap(sharer -> mine.campaigns(sharer).map(MyPages::view).collectList()
                        .map(campaigns -> H5Pages.page("referral/my").modelAttribute("sharer", true)
                                .modelAttribute("campaigns", campaigns).build()))
                .switchIfEmpty(Mono.fromSupplier(MyPages::noCampaigns));
    }

    @GetMapping(path = "/my/campaigns/{id}", produces = MediaType.TEXT_HTML_VALUE)
    Mono<Rendering> campaign(@PathVariable long id, @AuthenticationPrincipal Viewer viewer, ServerWebExchange exchange) {
        if (viewer == null) {
            return Mono.just(H5Pages.signIn("/my/campaigns/" + id));
        }
        Locale locale = exchange.getLocaleContext().getLocale() == null ? Locale.SIMPLIFIED_CHINESE
                : exchange.getLocaleContext().getLocale();
        return mine.sharer(viewer.contact())
                .flatMap(sharer -> mine.shareable(id, sharer).flatMap(campaign -> page(campaign, sharer, viewer, locale)))
                .onErrorResume(UnknownCampaign.class, missing -> Mono.just(H5Pages.page("referral/my-missing")
                        .status(HttpStatus.NOT_FOUND).build()))
                .switchIfEmpty(Mono.fromSupplier(MyPages::noCampaigns));
    }

    private Mono<Rendering> page(Campaign campaign, Sharer sharer, Viewer viewer, Locale locale) {
        long id = campaign.id();
        boolean ranked = MySharing.ranked(sharer);
        Mono<Map<BoardMetric, Leaderboard.Entry>> standing = ranked ? mine.standing(id, sharer) : Mono.just(Map.of());
        return Mono.zip(links.onward(id, viewer.contact()), mine.subtree(id, sharer), standing,
                        mine.prospects(id, sharer).map(MyPages::view).collectList())
                .map(found -> {
                    Map<BoardMetric, Leaderboard.Entry> entries = found.getT3();
                    List<MetricView> metrics = Arrays.stream(BoardMetric.values()).map(metric -> {
                        Leaderboard.Entry entry = entries.get(metric);
                        return new MetricView(metric, entry == null ? 0 : entry.score(), entry == null ? null : entry.rank());
                    }).toList();
                    boolean company = sharer.kind() == SharerKind.PARTNER && sharer.company() != null;
                    String description = messages.getMessage("my.share.description", new Object[] {sharer.name()}, "", locale);
                    return H5Pages.page("referral/my-campaign")
                            .modelAttribute("campaign", view(campaign))
                            .modelAttribute("kind", sharer.kind().name())
                            .modelAttribute("company", company ? sharer.company() : null)
                            .modelAttribute("ranked", ranked)
                            .modelAttribute("link", found.getT1().url().toString())
                            .modelAttribute("poster", "/my/campaigns/" + id + "/poster")
                            .modelAttribute("metrics", metrics)
                            .modelAttribute("branch", found.getT2())
                            .modelAttribute("steps", found.getT4())
                            .modelAttribute("stepLimit", MySharing.PROSPECT_STEPS)
                            .modelAttribute("openTags", List.of())
                            .modelAttribute("share", H5Pages.share(campaign.name(), description, null, found.getT1().token(),
                                    null, null))
                            .build();
                });
    }

    private static Rendering noCampaigns() {
        return H5Pages.page("referral/my").modelAttribute("sharer", false).modelAttribute("campaigns", List.of()).build();
    }

    private static CampaignView view(Campaign campaign) {
        return new CampaignView(campaign.id(), campaign.name(), campaign.targetKind(), china(campaign.endsAt()));
    }

    private static StepView view(ProspectStep step) {
        Integer minutes = step.seconds() == null || step.seconds() < 60 ? null : step.seconds() / 60;
        return new StepView(step.name(), step.step(), minutes, china(step.at()));
    }

    private static ZonedDateTime china(Instant at) {
        return at == null ? null : at.atZone(CHINA);
    }
}

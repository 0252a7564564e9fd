package io.yutang.content.page;

import io.swagger.v3.oas.annotations.Hidden;
import io.yutang.content.asset.Asset;
import io.yutang.content.asset.Assets;
import io.yutang.content.asset.UnknownAsset;
import io.yutang.content.lead.Lead;
import io.yutang.content.lead.Leads;
import io.yutang.referral.TargetKind;
import io.yutang.referral.Viewer;
import io.yutang.referral.form.FormAnswers;
import io.yutang.referral.page.H5Pages;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A gated asset's page ({@code /c/assets/{id}}, usually with the share token {@code st}), the
 * template {@code templates/content/asset.html}: cover, summary and the gate, each consent its own
 * unticked box. A visitor not yet signed in goes through WeChat's silent sign-in first; a known
 * contact finds the form filled from their last gate; one who passed this gate before gets the
 * download button straight away. Each view is recorded.
 */
@Hidden
@Controller
class AssetPage {

    private final Assets assets;
    private final Leads leads;
    private final FormAnswers forms;
    private final DatabaseClient db;
    private final Clock clock;

    AssetPage(Assets assets, Leads leads, FormAnswers forms, DatabaseClient db, Clock clock) {
        this.assets = assets;
        this.leads = leads;
        this.forms = forms;
        this.db = db;
        this.clock = clock;
    }

    @GetMapping(path = "/c/assets/{id}", produces = MediaType.TEXT_HTML_VALUE)
    Mono<Rendering> page(@PathVariable long id, @RequestParam(name = "st", required = false) String shareToken,
            @AuthenticationPrincipal Viewer viewer, ServerWebExchange exchange) {
        String token = shareToken != null && shareToken.matches("[A-Za-z0-9_-]{16,64}") ? shareToken : null;
        if (viewer == null) {
            return Mono.just(H5Pages.signIn("/c/assets/" + id + (token == null ? "" : "?st=" + token)));
        }
        return assets.published(id)
                .switchIfEmpty(Mono.error(UnknownAsset::new))
                .flatMap(asset -> viewed(asset, viewer, token).then(Mono.zip(
                        leads.find(id, viewer.contact()).map(Optional::of).defaultIfEmpty(Optional.empty()),
                        leads.lastAnswers(viewer.contact()).defaultIfEmpty(Map.of()),
                        H5Pages.csrfToken(exchange))
                        .map(found -> render(asset, found.getT1().orElse(null), found.getT2(), found.getT3(), token))));
    }

    @GetMapping("/c/assets/{id}/cover")
    @ResponseBody
    Mono<ResponseEntity<byte[]>> cover(@PathVariable long id) {
        return assets.published(id)
                .flatMap(assets::coverImage)
                .map(image -> ResponseEntity.ok().contentType(MediaType.parseMediaType(image.getKey()))
                        .cacheControl(CacheControl.maxAge(Duration.ofMinutes(10)).cachePublic()).body(image.getValue()))
                .switchIfEmpty(Mono.error(UnknownAsset::new));
    }

    private Mono<Void> viewed(Asset asset, Viewer viewer, String token) {
        return db.sql("insert into content.asset_view (asset_id, contact_id, share_token, viewed_at) values (:a, :c, :t, :now)")
                .bind("a", asset.id()).bind("c", viewer.contact().value())
                .bind("t", Parameter.fromOrEmpty(token, String.class)).bind("now", clock.instant())
                .then();
    }

    private Rendering render(Asset asset, Lead lead, Map<String, String> last, String csrf, String token) {
        Map<String, String> prefill = lead != null ? lead.answers() : last;
        return H5Pages.page("content/asset")
                .modelAttribute("assetId", asset.id())
                .modelAttribute("title", asset.title())
                .modelAttribute("summary", asset.summary())
                .modelAttribute("cover", asset.cover())
                .modelAttribute("fields", forms.inputs(asset.gateFields(), prefill))
                .modelAttribute("prefilled", lead == null && FormAnswers.complete(asset.gateFields(), prefill))
                .modelAttribute("delivery", asset.deliveryConsent())
                .modelAttribute("marketing", asset.marketingConsent())
                .modelAttribute("sharing", asset.sharingConsent())
                .modelAttribute("passed", lead != null)
                .modelAttribute("external", asset.externalUrl() != null)
                .modelAttribute("fileName", asset.current() == null ? null : asset.current().fileName())
                .modelAttribute("csrf", csrf)
                .modelAttribute("token", token)
                .modelAttribute("openTags", List.of())
                .modelAttribute("share", H5Pages.share(asset.title(), asset.summary(),
                        asset.cover() ? asset.pageUrl() + "/cover" : null, token, TargetKind.CONTENT, String.valueOf(asset.id())))
                .build();
    }
}

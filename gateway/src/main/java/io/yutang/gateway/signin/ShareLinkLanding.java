package io.yutang.gateway.signin;

import io.swagger.v3.oas.annotations.Hidden;
import io.yutang.gateway.wechat.WeChatHosts;
import io.yutang.referral.Attribution;
import io.yutang.referral.Landing;
import io.yutang.referral.Viewer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.reactive.result.view.Rendering;
import reactor.core.publisher.Mono;

/**
 * {@code /s/<token>}, a share link opened in WeChat: silent sign-in first if needed, then referral
 * records the touch (and the tree edge, the first time) and the prospect lands on the campaign's
 * page. Links without a page, unknown ones and those of ended campaigns (which say so) land on a
 * page of yutang's own ({@code templates/gateway/share-landing.html}) that says how to follow the account.
 */
@Hidden
@Controller
class ShareLinkLanding {

    private final Attribution attribution;
    private final WeChatHosts hosts;
    private final Clock clock;

    ShareLinkLanding(Attribution attribution, WeChatHosts hosts, Clock clock) {
        this.attribution = attribution;
        this.hosts = hosts;
        this.clock = clock;
    }

    @GetMapping(path = "/s/{token}", produces = MediaType.TEXT_HTML_VALUE)
    Mono<Rendering> open(@PathVariable String token, @AuthenticationPrincipal Viewer viewer) {
        String safeToken = token.matches("[A-Za-z0-9_-]{1,64}") ? token : "unknown";
        if (viewer == null) {
            return Mono.just(Rendering.redirectTo("/wechat/oauth/start?scope=base&return=/s/" + safeToken)
                    .status(HttpStatus.FOUND).build());
        }
        // Each open is its own fact: the key is chosen here, never taken from what the caller sends (an
        // X-Request-Id shared by two viewers once made the second one's touch a duplicate of the first's).
        String sourceKey = "open:" + UUID.randomUUID();
        return attribution.linkOpened(safeToken, viewer.contact(), clock.instant(), sourceKey)
                .map(landing -> landing.target() != null
                        ? Rendering.redirectTo(landing.target().toString()).status(HttpStatus.FOUND).build()
                        : page(landing));
    }

    private Rendering page(Landing landing) {
        String qr = landing.sceneTicket() == null ? null : hosts.mp().resolve("/cgi-bin/showqrcode?ticket="
                + URLEncoder.encode(landing.sceneTicket(), StandardCharsets.UTF_8)).toString();
        return Rendering.view("gateway/share-landing")
                .modelAttribute("campaign", landing.campaignName())
                .modelAttribute("qr", qr)
                .modelAttribute("ended", landing.ended())
                .build();
    }
}

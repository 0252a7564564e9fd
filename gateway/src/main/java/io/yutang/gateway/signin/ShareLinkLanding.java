package io.yutang.gateway.signin;

import io.swagger.v3.oas.annotations.Hidden;
import io.yutang.gateway.wechat.WeChatHosts;
import io.yutang.referral.Attribution;
import io.yutang.referral.Landing;
import io.yutang.referral.Viewer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

/**
 * {@code /s/<token>}, a share link opened in WeChat: silent sign-in first if needed, then referral
 * records the touch (and the tree edge, the first time) and the prospect lands on the campaign's
 * page. Links without a page, unknown or ended ones land on a page of yutang's own.
 */
@Hidden
@RestController
class ShareLinkLanding {

    private final Attribution attribution;
    private final MessageSource messages;
    private final WeChatHosts hosts;
    private final Clock clock;

    ShareLinkLanding(Attribution attribution, MessageSource messages, WeChatHosts hosts, Clock clock) {
        this.attribution = attribution;
        this.messages = messages;
        this.hosts = hosts;
        this.clock = clock;
    }

    @GetMapping(path = "/s/{token}", produces = MediaType.TEXT_HTML_VALUE)
    Mono<ResponseEntity<String>> open(@PathVariable String token, @AuthenticationPrincipal Viewer viewer,
            ServerWebExchange exchange) {
        String safeToken = token.matches("[A-Za-z0-9_-]{1,64}") ? token : "unknown";
        if (viewer == null) {
            return Mono.just(ResponseEntity.status(HttpStatus.FOUND)
                    .location(URI.create("/wechat/oauth/start?scope=base&return=/s/" + safeToken)).build());
        }
        Object requestId = exchange.getAttribute("requestId");
        String sourceKey = "open:" + (requestId == null ? UUID.randomUUID() : requestId);
        return attribution.linkOpened(safeToken, viewer.contact(), clock.instant(), sourceKey)
                .map(landing -> landing.target() != null
                        ? ResponseEntity.status(HttpStatus.FOUND).location(landing.target()).<String>build()
                        : ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(page(landing, locale(exchange))));
    }

    private String page(Landing landing, Locale locale) {
        String title = landing.campaignName() == null ? messages.getMessage("share.landing.title", null, locale)
                : landing.campaignName();
        String text = landing.campaignName() == null ? messages.getMessage("share.landing.unknown", null, locale)
                : messages.getMessage("share.landing.follow", new Object[] {landing.campaignName()}, locale);
        String qr = landing.sceneTicket() == null ? "" : "<img alt=\"QR\" width=\"240\" height=\"240\" src=\""
                + HtmlUtils.htmlEscape(hosts.mp().resolve("/cgi-bin/showqrcode?ticket="
                        + URLEncoder.encode(landing.sceneTicket(), StandardCharsets.UTF_8)).toString()) + "\">";
        return """
                <!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1"><title>%1$s</title>
                <style>body{font:17px/1.6 -apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;padding:32px 20px;
                text-align:center;background:#f4f5f7}h1{font-size:22px}</style></head>
                <body><h1>%1$s</h1><p>%2$s</p>%3$s</body></html>""".formatted(HtmlUtils.htmlEscape(title),
                HtmlUtils.htmlEscape(text), qr);
    }

    private static Locale locale(ServerWebExchange exchange) {
        return exchange.getLocaleContext().getLocale() == null ? Locale.SIMPLIFIED_CHINESE : exchange.getLocaleContext().getLocale();
    }
}

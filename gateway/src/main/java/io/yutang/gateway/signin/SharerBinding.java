package io.yutang.gateway.signin;

import io.swagger.v3.oas.annotations.Hidden;
import io.yutang.referral.Sharers;
import io.yutang.referral.Viewer;
import java.net.URI;
import java.util.Locale;
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
 * {@code /bind/<token>}, opened by an employee or partner inside WeChat: silent sign-in first if
 * needed, then the one-time link binds their WeChat to their sharer record and the session gains
 * the role REP or PARTNER at once.
 */
@Hidden
@RestController
class SharerBinding {

    private final Sharers sharers;
    private final ViewerSessions viewerSessions;
    private final MessageSource messages;

    SharerBinding(Sharers sharers, ViewerSessions viewerSessions, MessageSource messages) {
        this.sharers = sharers;
        this.viewerSessions = viewerSessions;
        this.messages = messages;
    }

    @GetMapping(path = "/bind/{token}", produces = MediaType.TEXT_HTML_VALUE)
    Mono<ResponseEntity<String>> bind(@PathVariable String token, @AuthenticationPrincipal Viewer viewer,
            ServerWebExchange exchange) {
        if (!token.matches("[A-Za-z0-9_-]{16,64}")) {
            return Mono.just(ResponseEntity.status(HttpStatus.NOT_FOUND).build());
        }
        if (viewer == null) {
            return Mono.just(ResponseEntity.status(HttpStatus.FOUND)
                    .location(URI.create("/wechat/oauth/start?scope=base&return=/bind/" + token)).build());
        }
        Locale locale = exchange.getLocaleContext().getLocale() == null
                ? Locale.SIMPLIFIED_CHINESE : exchange.getLocaleContext().getLocale();
        return sharers.bind(token, viewer.contact())
                .flatMap(bound -> viewerSessions.save(exchange, viewer).thenReturn(bound))
                .map(bound -> ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(page(
                        messages.getMessage("binding.done.title", null, locale),
                        messages.getMessage("binding.done.text", new Object[] {bound.name()}, locale))));
    }

    private static String page(String title, String text) {
        return """
                <!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1"><title>%1$s</title>
                <style>body{font:17px/1.6 -apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;padding:32px 20px;
                text-align:center;background:#f4f5f7}h1{color:#07c160;font-size:22px}</style></head>
                <body><h1>%1$s</h1><p>%2$s</p></body></html>""".formatted(HtmlUtils.htmlEscape(title), HtmlUtils.htmlEscape(text));
    }
}

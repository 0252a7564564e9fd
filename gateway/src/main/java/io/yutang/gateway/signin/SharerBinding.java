package io.yutang.gateway.signin;

import io.swagger.v3.oas.annotations.Hidden;
import io.yutang.referral.Sharers;
import io.yutang.referral.Viewer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code /bind/<token>}, opened by an employee or partner inside WeChat: silent sign-in first if
 * needed, then the one-time link binds their WeChat to their sharer record and the session gains
 * the role REP or PARTNER at once ({@code templates/gateway/binding.html} says so).
 */
@Hidden
@Controller
class SharerBinding {

    private final Sharers sharers;
    private final ViewerSessions viewerSessions;

    SharerBinding(Sharers sharers, ViewerSessions viewerSessions) {
        this.sharers = sharers;
        this.viewerSessions = viewerSessions;
    }

    @GetMapping(path = "/bind/{token}", produces = MediaType.TEXT_HTML_VALUE)
    Mono<Rendering> bind(@PathVariable String token, @AuthenticationPrincipal Viewer viewer, ServerWebExchange exchange) {
        if (!token.matches("[A-Za-z0-9_-]{16,64}")) {
            // Not a token any link could carry: the same answer as a well-formed token nobody issued.
            return Mono.error(new ErrorResponseException(HttpStatus.NOT_FOUND, ProblemDetail.forStatus(HttpStatus.NOT_FOUND),
                    null, "problemDetail.referral.binding.unknown", null));
        }
        if (viewer == null) {
            return Mono.just(Rendering.redirectTo("/wechat/oauth/start?scope=base&return=/bind/" + token)
                    .status(HttpStatus.FOUND).build());
        }
        return sharers.bind(token, viewer.contact())
                .flatMap(bound -> viewerSessions.save(exchange, viewer).thenReturn(bound))
                .map(bound -> Rendering.view("gateway/binding").modelAttribute("sharer", bound.name()).build());
    }
}

package io.yutang.gateway.security;

import io.yutang.gateway.http.ProblemWriter;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A request Spring Security's firewall refuses before any route sees it (an encoded slash, a
 * semicolon, {@code ..} or a NUL in the path) is a 400 problem+json, like every other refusal,
 * instead of an empty 400.
 */
@Component
class FirewallRefusals implements ServerExchangeRejectedHandler {

    private final ProblemWriter problems;

    FirewallRefusals(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException rejected) {
        return problems.write(exchange, HttpStatus.BAD_REQUEST, "problem.detail.rejected-path");
    }
}

package io.yutang.gateway.security;

import io.yutang.gateway.signin.WebSessions;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The API's view of the console's session: a request that carries the session cookie and no
 * credentials of its own is the signed-in staff member; the API itself never saves a session.
 */
final class ConsoleSessionReader implements ServerSecurityContextRepository {

    private final WebSessionServerSecurityContextRepository sessions = new WebSessionServerSecurityContextRepository();

    @Override
    public Mono<Void> save(ServerWebExchange exchange, SecurityContext context) {
        return Mono.empty();
    }

    @Override
    public Mono<SecurityContext> load(ServerWebExchange exchange) {
        return bySessionOnly(exchange) ? sessions.load(exchange) : Mono.empty();
    }

    /** Matches a request that relies on the session cookie alone (so its changes need the CSRF token). */
    static Mono<MatchResult> withSessionCookieOnly(ServerWebExchange exchange) {
        return bySessionOnly(exchange) ? MatchResult.match() : MatchResult.notMatch();
    }

    private static boolean bySessionOnly(ServerWebExchange exchange) {
        return exchange.getRequest().getCookies().containsKey(WebSessions.COOKIE)
                && !exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
    }
}

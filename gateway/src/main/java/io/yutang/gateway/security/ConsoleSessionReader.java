package io.yutang.gateway.security;

import io.yutang.gateway.signin.WebSessions;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The API's view of the console's session: a request that carries the session cookie of a signed-in
 * staff member and no credentials of its own is that staff member; the API never saves a session.
 */
final class ConsoleSessionReader implements ServerSecurityContextRepository {

    private static final Set<String> STAFF = Set.of("ROLE_ADMIN", "ROLE_MARKETER");

    private final WebSessionServerSecurityContextRepository sessions = new WebSessionServerSecurityContextRepository();

    @Override
    public Mono<Void> save(ServerWebExchange exchange, SecurityContext context) {
        return Mono.empty();
    }

    @Override
    public Mono<SecurityContext> load(ServerWebExchange exchange) {
        return staffSession(exchange);
    }

    /** Matches a request that relies on a staff member's session cookie alone (so its changes need the CSRF token). */
    Mono<MatchResult> withStaffSessionOnly(ServerWebExchange exchange) {
        return staffSession(exchange).flatMap(context -> MatchResult.match()).switchIfEmpty(MatchResult.notMatch());
    }

    /** The console's signed-in staff member; a WeChat user's H5 session is no one to the API. */
    private Mono<SecurityContext> staffSession(ServerWebExchange exchange) {
        if (!bySessionOnly(exchange)) {
            return Mono.empty();
        }
        return sessions.load(exchange).filter(context -> context.getAuthentication() != null
                && context.getAuthentication().getAuthorities().stream()
                        .anyMatch(role -> STAFF.contains(role.getAuthority())));
    }

    private static boolean bySessionOnly(ServerWebExchange exchange) {
        return exchange.getRequest().getCookies().containsKey(WebSessions.COOKIE)
                && !exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
    }
}

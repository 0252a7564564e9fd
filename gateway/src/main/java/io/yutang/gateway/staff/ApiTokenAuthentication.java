package io.yutang.gateway.staff;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Authenticates {@code Authorization: Bearer yt_…} with the integration's API token. */
@Component
public class ApiTokenAuthentication {

    private final ApiTokens tokens;

    ApiTokenAuthentication(ApiTokens tokens) {
        this.tokens = tokens;
    }

    /** The filter for the API's security chain; refusals go to {@code refusals}. */
    public AuthenticationWebFilter filter(ServerAuthenticationEntryPoint refusals) {
        ReactiveAuthenticationManager manager = authentication -> tokens
                .authenticate((String) authentication.getCredentials())
                .switchIfEmpty(Mono.error(() -> new BadCredentialsException("Unknown or revoked API token")))
                .map(token -> new PreAuthenticatedAuthenticationToken("token:" + token.name(), null, java.util.stream.Stream.concat(
                        token.roles().stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role.name())),
                        token.scopes().stream().map(scope -> new SimpleGrantedAuthority(scope.authority()))).toList()));
        AuthenticationWebFilter filter = new AuthenticationWebFilter(manager);
        filter.setServerAuthenticationConverter(exchange -> {
            String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Mono.empty();
            }
            return Mono.just(new PreAuthenticatedAuthenticationToken("api-token", header.substring(7).trim()));
        });
        filter.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(refusals));
        return filter;
    }
}

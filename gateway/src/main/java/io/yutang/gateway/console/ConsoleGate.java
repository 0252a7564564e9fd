package io.yutang.gateway.console;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.DefaultServerRedirectStrategy;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.logout.ServerLogoutSuccessHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/**
 * The console's door: a visitor not signed in is sent to the sign-in page (and back to the page
 * they asked for afterwards); a wrong password or a locked username is said on that page; signing
 * out ends the session; a staff member without the role for a page gets a page saying so (403).
 */
@Component
public class ConsoleGate implements ServerAuthenticationEntryPoint, ServerAuthenticationFailureHandler,
        ServerLogoutSuccessHandler, ServerAccessDeniedHandler {

    /** The sign-in page (GET) and where its form posts (POST). */
    public static final String SIGN_IN = "/console/sign-in";
    /** Where the sign-out button posts. */
    public static final String SIGN_OUT = "/console/sign-out";

    private final RedirectServerAuthenticationEntryPoint toSignIn = new RedirectServerAuthenticationEntryPoint(SIGN_IN);
    private final DefaultServerRedirectStrategy redirects = new DefaultServerRedirectStrategy();
    private final ServerCodecConfigurer codecs;
    private final ObjectProvider<ViewResolver> viewResolvers;

    ConsoleGate(ServerCodecConfigurer codecs, ObjectProvider<ViewResolver> viewResolvers) {
        this.codecs = codecs;
        this.viewResolvers = viewResolvers;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException notSignedIn) {
        return toSignIn.commence(exchange, notSignedIn);
    }

    @Override
    public Mono<Void> onAuthenticationFailure(WebFilterExchange exchange, AuthenticationException failure) {
        String reason = failure instanceof LockedException ? "locked" : "wrong";
        return redirects.sendRedirect(exchange.getExchange(), URI.create(SIGN_IN + "?error=" + reason));
    }

    /** Ends the whole session (after the logout handlers cleared the security context and the CSRF token). */
    @Override
    public Mono<Void> onLogoutSuccess(WebFilterExchange exchange, Authentication signedOut) {
        return exchange.getExchange().getSession().flatMap(WebSession::invalidate)
                .then(redirects.sendRedirect(exchange.getExchange(), URI.create(SIGN_IN + "?signed-out")));
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        ServerResponse.Context context = new ServerResponse.Context() {
            @Override
            public List<HttpMessageWriter<?>> messageWriters() {
                return codecs.getWriters();
            }

            @Override
            public List<ViewResolver> viewResolvers() {
                return viewResolvers.orderedStream().toList();
            }
        };
        return ServerResponse.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_HTML)
                .render("gateway/console/refused", Map.of("path", exchange.getRequest().getPath().value()))
                .flatMap(response -> response.writeTo(exchange, context));
    }
}

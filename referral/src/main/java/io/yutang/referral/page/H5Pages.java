package io.yutang.referral.page;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * What every H5 page does for a visitor: WeChat's silent sign-in first, the session's CSRF token
 * for its script, and a page no cache keeps.
 */
public final class H5Pages {

    private H5Pages() {
    }

    /** A redirect through the gateway's silent sign-in ({@code snsapi_base}) back to {@code path}. */
    public static <T> ResponseEntity<T> redirect(String path) {
        return ResponseEntity.status(HttpStatus.FOUND).location(signInUri(path)).build();
    }

    /** The same redirect for a page's controller (a {@code 302}, no body). */
    public static Rendering signIn(String path) {
        return Rendering.redirectTo(signInUri(path).toString()).status(HttpStatus.FOUND).build();
    }

    /** The template {@code view} ({@code templates/<view>.html}), sent with {@code Cache-Control: no-store}. */
    public static Rendering.Builder<?> page(String view) {
        return Rendering.view(view).header(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
    }

    /** The CSRF token the page's script sends with its changes ({@code X-CSRF-TOKEN}). */
    public static Mono<String> csrfToken(ServerWebExchange exchange) {
        Mono<CsrfToken> token = exchange.getAttributeOrDefault(CsrfToken.class.getName(), Mono.empty());
        return token.map(CsrfToken::getToken).defaultIfEmpty("");
    }

    private static URI signInUri(String path) {
        return UriComponentsBuilder.fromPath("/wechat/oauth/start").queryParam("scope", "base")
                .queryParam("return", path).encode(StandardCharsets.UTF_8).build().toUri();
    }
}

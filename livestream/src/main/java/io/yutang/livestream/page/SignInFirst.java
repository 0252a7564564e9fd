package io.yutang.livestream.page;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/** What every H5 page does for a visitor: WeChat's silent sign-in first, and the session's CSRF token for its script. */
final class SignInFirst {

    private SignInFirst() {
    }

    /** A redirect through the gateway's silent sign-in ({@code snsapi_base}) back to {@code path}. */
    static <T> ResponseEntity<T> redirect(String path) {
        URI signIn = UriComponentsBuilder.fromPath("/wechat/oauth/start").queryParam("scope", "base")
                .queryParam("return", path).encode(StandardCharsets.UTF_8).build().toUri();
        return ResponseEntity.status(HttpStatus.FOUND).location(signIn).build();
    }

    /** The CSRF token the page's script sends with its changes ({@code X-CSRF-TOKEN}). */
    static Mono<String> csrfToken(ServerWebExchange exchange) {
        Mono<CsrfToken> token = exchange.getAttributeOrDefault(CsrfToken.class.getName(), Mono.empty());
        return token.map(CsrfToken::getToken).defaultIfEmpty("");
    }
}

package io.yutang.referral.page;

import io.yutang.referral.TargetKind;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /**
     * What the page's share menu sends (the model attribute {@code share} for the fragment
     * {@code shared/wechat :: jssdk(openTags, share)}): title, description, image, and how to find
     * the viewer's own link: the share token the page was opened with, else the page's target.
     */
    public static Map<String, Object> share(String title, String description, String image, String shareToken,
            TargetKind target, String ref) {
        Map<String, Object> share = new LinkedHashMap<>();
        share.put("title", title);
        share.put("desc", description == null ? "" : description.length() > 120 ? description.substring(0, 120) : description);
        share.put("image", image);
        share.put("st", shareToken);
        share.put("target", target == null ? null : target.name());
        share.put("ref", ref);
        return share;
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

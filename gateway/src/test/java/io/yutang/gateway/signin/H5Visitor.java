package io.yutang.gateway.signin;

import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriComponentsBuilder;

/** A WeChat user signing in on an H5 page, the way their browser does it (against the fake WeChat). */
public final class H5Visitor {

    private H5Visitor() {
    }

    /** Signs {@code openid} in (silent scope) and returns the session cookie's value. */
    public static String signIn(WebTestClient web, String openid) {
        EntityExchangeResult<Void> started = web.get().uri("/wechat/oauth/start?scope=base&return=/")
                .exchange().expectStatus().isFound().expectBody().isEmpty();
        String state = UriComponentsBuilder.fromUri(started.getResponseHeaders().getLocation()).build()
                .getQueryParams().getFirst("state");
        EntityExchangeResult<Void> back = web.get()
                .uri(builder -> builder.path("/wechat/oauth/callback").queryParam("code", openid + "." + System.nanoTime())
                        .queryParam("state", state).build())
                .cookie(H5SignIn.STATE_COOKIE, state)
                .exchange().expectStatus().isFound().expectBody().isEmpty();
        return back.getResponseCookies().getFirst("YUTANG_SESSION").getValue();
    }
}

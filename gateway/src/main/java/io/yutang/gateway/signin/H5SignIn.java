package io.yutang.gateway.signin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.yutang.gateway.GatewayProperties;
import io.yutang.gateway.wechat.WeChatCalls;
import io.yutang.referral.Contacts;
import io.yutang.referral.SignInProfile;
import io.yutang.referral.Viewer;
import io.yutang.referral.WeChatUser;
import java.net.URI;
import java.time.Clock;
import java.util.regex.Pattern;
import me.chanjar.weixin.common.bean.WxOAuth2UserInfo;
import me.chanjar.weixin.common.bean.oauth2.WxOAuth2AccessToken;
import me.chanjar.weixin.mp.api.WxMpService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * H5 sign-in: {@code /wechat/oauth/start} sends the browser to WeChat's authorize page with a
 * fresh state (also set as a cookie, so a state cannot be replayed from another browser);
 * {@code /wechat/oauth/callback} checks both, spends the code once, records the contact, opens a
 * session (kept in Redis) and returns to the page that asked.
 */
@Tag(name = "H5 sign-in", description = "Opened by WeChat users' browsers; no credentials needed")
@RestController
class H5SignIn {

    static final String STATE_COOKIE = "YUTANG_SIGNIN_STATE";

    /**
     * What a WeChat OAuth code looks like: a short URL-safe string (WeChat's are 32 characters).
     * WxJava puts the code into its request URL as it is, so anything else never reaches it.
     */
    static final Pattern CODE = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final SignInStates states;
    private final WxMpService wechat;
    private final WeChatCalls calls;
    private final Contacts contacts;
    private final Clock clock;
    private final String appId;
    private final String callbackUrl;
    private final ViewerSessions viewerSessions;

    H5SignIn(SignInStates states, WxMpService wechat, WeChatCalls calls, Contacts contacts, Clock clock,
            GatewayProperties properties, ViewerSessions viewerSessions) {
        this.viewerSessions = viewerSessions;
        this.states = states;
        this.wechat = wechat;
        this.calls = calls;
        this.contacts = contacts;
        this.clock = clock;
        this.appId = wechat.getWxMpConfigStorage().getAppId();
        this.callbackUrl = properties.publicBaseUrl().resolve("/wechat/oauth/callback").toString();
    }

    @Operation(summary = "Start WeChat sign-in; redirects to WeChat's authorize page")
    @GetMapping("/wechat/oauth/start")
    Mono<ResponseEntity<Void>> start(
            @Parameter(description = "base (silent, openid only) or userinfo (asks consent)")
            @RequestParam(defaultValue = "base") String scope,
            @Parameter(description = "a path on this site to return to") @RequestParam(name = "return", defaultValue = "/")
            String returnPath) {
        SignInScope parsed = SignInScope.parse(scope);
        if (parsed == null) {
            return Mono.error(new SignInRefused(HttpStatus.BAD_REQUEST, "scope"));
        }
        if (!ReturnPaths.allowed(returnPath)) {
            return Mono.error(new SignInRefused(HttpStatus.BAD_REQUEST, "return"));
        }
        return states.begin(parsed, returnPath).map(state -> ResponseEntity.status(HttpStatus.FOUND)
                .location(URI.create(wechat.getOAuth2Service().buildAuthorizationUrl(callbackUrl, parsed.weChatScope(), state)))
                .header("Set-Cookie", stateCookie(state, SignInStates.LIFETIME.toSeconds()).toString())
                .build());
    }

    @Operation(summary = "WeChat returns here with a one-time code; opens the session and redirects")
    @GetMapping("/wechat/oauth/callback")
    Mono<ResponseEntity<Void>> callback(@RequestParam(required = false) String code,
            @RequestParam(required = false) String state, ServerWebExchange exchange) {
        if (code == null || code.isBlank()) {
            return Mono.error(new SignInRefused(HttpStatus.BAD_REQUEST, "declined"));
        }
        if (!CODE.matcher(code).matches()) {
            return Mono.error(new SignInRefused(HttpStatus.BAD_REQUEST, "code-malformed"));
        }
        var cookie = exchange.getRequest().getCookies().getFirst(STATE_COOKIE);
        if (state == null || cookie == null || !cookie.getValue().equals(state)) {
            return Mono.error(new SignInRefused(HttpStatus.FORBIDDEN, "state"));
        }
        return states.finish(state)
                .switchIfEmpty(Mono.error(() -> new SignInRefused(HttpStatus.FORBIDDEN, "state")))
                .flatMap(pending -> states.firstUseOf(code)
                        .flatMap(first -> first ? Mono.just(pending)
                                : Mono.error(new SignInRefused(HttpStatus.BAD_REQUEST, "code-used"))))
                .flatMap(pending -> exchangeCode(code, pending.scope())
                        .flatMap(viewer -> openSession(exchange, viewer))
                        .thenReturn(ResponseEntity.status(HttpStatus.FOUND)
                                .location(URI.create(pending.returnPath()))
                                .header("Set-Cookie", stateCookie("", 0).toString())
                                .<Void>build()));
    }

    private Mono<Viewer> exchangeCode(String code, SignInScope scope) {
        return calls.call(() -> wechat.getOAuth2Service().getAccessToken(code))
                .onErrorMap(failure -> WeChatCalls.errorCode(failure) != null
                        ? new SignInRefused(HttpStatus.BAD_REQUEST, "code")
                        : new SignInRefused(HttpStatus.SERVICE_UNAVAILABLE, "wechat-down"))
                .flatMap(token -> {
                    WeChatUser user = new WeChatUser(appId, token.getOpenId());
                    return profile(token, scope)
                            .flatMap(profile -> contacts.signedIn(user, profile, clock.instant()))
                            .map(contact -> new Viewer(contact, user));
                });
    }

    private Mono<SignInProfile> profile(WxOAuth2AccessToken token, SignInScope scope) {
        if (scope == SignInScope.BASE) {
            return Mono.just(new SignInProfile(token.getUnionId(), null, null));
        }
        return calls.call(() -> wechat.getOAuth2Service().getUserInfo(token, "zh_CN"))
                .map((WxOAuth2UserInfo info) -> new SignInProfile(
                        info.getUnionId() != null ? info.getUnionId() : token.getUnionId(),
                        info.getNickname(), info.getHeadImgUrl()))
                .onErrorMap(failure -> new SignInRefused(HttpStatus.SERVICE_UNAVAILABLE, "wechat-down"));
    }

    /** Saving the security context also gives the session a new id (no session fixation). */
    private Mono<Void> openSession(ServerWebExchange exchange, Viewer viewer) {
        return viewerSessions.save(exchange, viewer);
    }

    private static ResponseCookie stateCookie(String value, long maxAgeSeconds) {
        return ResponseCookie.from(STATE_COOKIE, value)
                .path("/wechat/oauth")
                .httpOnly(true)
                .sameSite("Lax")
                .maxAge(maxAgeSeconds)
                .build();
    }
}

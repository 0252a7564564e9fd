package io.yutang.gateway.jssdk;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.yutang.gateway.GatewayProperties;
import io.yutang.gateway.wechat.WeChatCalls;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import me.chanjar.weixin.mp.api.WxMpService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /wechat/jssdk/config?url=}: the JS-SDK signature for a page on one of the account's
 * JS-safe domains, over the URL without its fragment, as WeChat requires.
 */
@Tag(name = "JS-SDK", description = "Opened by yutang's own H5 pages")
@RestController
class JsSdkEndpoint {

    private final WxMpService wechat;
    private final WeChatCalls calls;
    private final List<String> domains;

    JsSdkEndpoint(WxMpService wechat, WeChatCalls calls, GatewayProperties properties) {
        this.wechat = wechat;
        this.calls = calls;
        this.domains = properties.jsSafeDomains().isEmpty()
                ? List.of(properties.publicBaseUrl().getHost().toLowerCase(Locale.ROOT))
                : properties.jsSafeDomains().stream().map(domain -> domain.toLowerCase(Locale.ROOT)).toList();
    }

    @Operation(summary = "JS-SDK configuration (appId, timestamp, nonceStr, signature) for a page URL")
    @GetMapping("/wechat/jssdk/config")
    Mono<JsSdkConfig> config(@Parameter(description = "the page's full URL; the fragment is ignored")
            @RequestParam String url) {
        String page = pageUrl(url);
        if (page == null) {
            return Mono.error(new ErrorResponseException(HttpStatus.BAD_REQUEST, ProblemDetail.forStatus(HttpStatus.BAD_REQUEST),
                    null, "problemDetail.jssdk.url", null));
        }
        return calls.call(() -> wechat.createJsapiSignature(page))
                .map(signature -> new JsSdkConfig(signature.getAppId(), signature.getTimestamp(), signature.getNonceStr(),
                        signature.getSignature()))
                .onErrorMap(failure -> new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE,
                        ProblemDetail.forStatus(HttpStatus.SERVICE_UNAVAILABLE), failure, "problemDetail.signin.wechat-down", null));
    }

    private String pageUrl(String url) {
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme();
            if (uri.getHost() == null || scheme == null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || !domains.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
                return null;
            }
            int fragment = url.indexOf('#');
            return fragment < 0 ? url : url.substring(0, fragment);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

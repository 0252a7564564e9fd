package io.yutang.gateway.sandbox;

import io.swagger.v3.oas.annotations.Hidden;
import io.yutang.gateway.GatewayProperties;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * WeChat's OAuth authorize step, played by the sandbox: the person picks or names the test user
 * and agrees ({@code templates/gateway/sandbox-authorize.html}), and the browser goes back to
 * yutang's callback with a one-time code for that user.
 */
@Hidden
@Controller
@Conditional(SandboxMode.class)
class SandboxAuthorizePage {

    static final String PATH_PREFIX = "/sandbox/open";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String callbackUrl;

    SandboxAuthorizePage(GatewayProperties properties) {
        this.callbackUrl = properties.publicBaseUrl().resolve("/wechat/oauth/callback").toString();
    }

    /**
     * As strict as WeChat: only yutang's own callback may receive a code; any other
     * {@code redirect_uri} (another site, a {@code javascript:} URL) gets WeChat's error page and
     * no redirect.
     */
    @GetMapping(path = PATH_PREFIX + "/connect/oauth2/authorize", produces = MediaType.TEXT_HTML_VALUE)
    Rendering authorize(@RequestParam("redirect_uri") String redirectUri, @RequestParam String state,
            @RequestParam(defaultValue = "snsapi_base") String scope) {
        if (!callbackUrl.equals(redirectUri)) {
            return Rendering.view("gateway/sandbox-authorize").modelAttribute("refused", true)
                    .status(HttpStatus.BAD_REQUEST).build();
        }
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return Rendering.view("gateway/sandbox-authorize")
                .modelAttribute("refused", false)
                .modelAttribute("userinfo", "snsapi_userinfo".equals(scope))
                .modelAttribute("target", UriComponentsBuilder.fromUriString(redirectUri).queryParam("state", state).build()
                        .toUriString())
                .modelAttribute("codeSuffix", "." + HexFormat.of().formatHex(random))
                .build();
    }
}

package io.yutang.gateway.sandbox;

import io.swagger.v3.oas.annotations.Hidden;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * WeChat's OAuth authorize step, played by the sandbox: the person picks or names the test user
 * and agrees, and the browser goes back to yutang's callback with a one-time code for that user.
 */
@Hidden
@RestController
@Conditional(SandboxMode.class)
class SandboxAuthorizePage {

    static final String PATH_PREFIX = "/sandbox/open";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MessageSource messages;

    SandboxAuthorizePage(MessageSource messages) {
        this.messages = messages;
    }

    @GetMapping(path = PATH_PREFIX + "/connect/oauth2/authorize", produces = MediaType.TEXT_HTML_VALUE)
    String authorize(@RequestParam("redirect_uri") String redirectUri, @RequestParam String state,
            @RequestParam(defaultValue = "snsapi_base") String scope, ServerWebExchange exchange) {
        Locale locale = exchange.getLocaleContext().getLocale() == null
                ? Locale.SIMPLIFIED_CHINESE : exchange.getLocaleContext().getLocale();
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        String codeSuffix = "." + HexFormat.of().formatHex(random);
        String target = UriComponentsBuilder.fromUriString(redirectUri).queryParam("state", state).build().toUriString();
        String title = messages.getMessage("sandbox.authorize.title", null, locale);
        String ask = messages.getMessage("snsapi_userinfo".equals(scope)
                ? "sandbox.authorize.userinfo" : "sandbox.authorize.base", null, locale);
        return """
                <!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1"><title>%1$s</title>
                <style>body{font:16px/1.5 -apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;padding:24px;background:#f4f5f7}
                form{background:#fff;border-radius:8px;padding:16px}input{width:100%%;box-sizing:border-box;padding:10px;margin:8px 0;font-size:16px}
                button{width:100%%;padding:12px;border:0;border-radius:6px;background:#07c160;color:#fff;font-size:17px}</style></head>
                <body><form id="f"><h3>%1$s</h3><p>%2$s</p>
                <label>openid</label><input id="openid" value="o-sandbox-alice" pattern="[A-Za-z0-9_-]{1,64}" required>
                <button>%3$s</button></form>
                <script>document.getElementById('f').addEventListener('submit', e => { e.preventDefault();
                  const url = new URL('%4$s'); url.searchParams.set('code', document.getElementById('openid').value + '%5$s');
                  location.href = url.toString(); });</script></body></html>
                """.formatted(HtmlUtils.htmlEscape(title), HtmlUtils.htmlEscape(ask),
                HtmlUtils.htmlEscape(messages.getMessage("sandbox.authorize.allow", null, locale)),
                HtmlUtils.htmlEscape(target).replace("'", "\\'"), codeSuffix);
    }
}

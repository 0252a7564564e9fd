package io.yutang.gateway.sandbox;

import io.swagger.v3.oas.annotations.Hidden;
import io.yutang.gateway.wechat.WeChatAccount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.HtmlUtils;

/** The sandbox page: a person plays prospects and WeChat's server from the browser. */
@Hidden
@RestController
@Conditional(SandboxMode.class)
class SandboxPage {

    private static final Pattern TEXT = Pattern.compile("\\{\\{([a-z0-9.]+)}}");

    private final String template;
    private final MessageSource messages;
    private final WeChatAccount account;

    SandboxPage(MessageSource messages, WeChatAccount account) {
        this.messages = messages;
        this.account = account;
        try {
            this.template = new ClassPathResource("sandbox/player.html").getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("The sandbox page is missing from the jar", e);
        }
    }

    @GetMapping(path = "/sandbox", produces = MediaType.TEXT_HTML_VALUE)
    String page(ServerWebExchange exchange) {
        Locale locale = exchange.getLocaleContext().getLocale();
        Matcher keys = TEXT.matcher(template);
        StringBuilder page = new StringBuilder();
        while (keys.find()) {
            String key = keys.group(1);
            String text = "account.appid".equals(key) ? account.appId()
                    : messages.getMessage(key, null, key, locale == null ? Locale.SIMPLIFIED_CHINESE : locale);
            keys.appendReplacement(page, Matcher.quoteReplacement(HtmlUtils.htmlEscape(text)));
        }
        keys.appendTail(page);
        return page.toString();
    }
}

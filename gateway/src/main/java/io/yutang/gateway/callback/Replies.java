package io.yutang.gateway.callback;

import io.yutang.gateway.GatewayProperties;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/** The texts yutang answers with: configured ones first, the message bundle's by default. */
@Component
class Replies {

    private final TextReply welcome;
    private final Map<String, String> keywords;
    private final Map<String, String> menu;

    Replies(GatewayProperties properties, MessageSource messages) {
        String configured = properties.welcomeReply();
        this.welcome = new TextReply(configured == null || configured.isBlank()
                ? messages.getMessage("reply.welcome", null, Locale.SIMPLIFIED_CHINESE)
                : configured);
        this.keywords = properties.keywordReplies().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(e -> normalized(e.getKey()), Map.Entry::getValue));
        this.menu = Map.copyOf(properties.menuReplies());
    }

    TextReply welcome() {
        return welcome;
    }

    Optional<TextReply> forKeyword(String text) {
        return text == null ? Optional.empty() : Optional.ofNullable(keywords.get(normalized(text))).map(TextReply::new);
    }

    Optional<TextReply> forMenuKey(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(menu.get(key)).map(TextReply::new);
    }

    private static String normalized(String text) {
        return text.strip().toLowerCase(Locale.ROOT);
    }
}

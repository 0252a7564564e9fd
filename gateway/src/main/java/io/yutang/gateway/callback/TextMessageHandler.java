package io.yutang.gateway.callback;

import io.yutang.referral.ConsentPurpose;
import io.yutang.referral.Consents;
import io.yutang.referral.Contacts;
import io.yutang.referral.ReferralProperties;
import io.yutang.referral.WeChatUser;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A text message. {@code 退订} (or {@code 取消订阅}) withdraws the person's consent to marketing
 * messages and {@code 订阅} (or {@code 恢复订阅}) gives it again, each recorded in the consent ledger
 * with the reply as the text they were shown; the reply says what happened and how to undo it.
 * These keywords come before the configured keyword replies. Any other text gets the configured
 * reply for its keyword, if any.
 */
@Component
class TextMessageHandler implements EventHandler {

    /** The marketing keywords, to whether they give consent (true) or withdraw it. */
    private static final Map<String, Boolean> MARKETING_KEYWORDS = Map.of("退订", false, "取消订阅", false, "td", false,
            "订阅", true, "恢复订阅", true);

    private final Contacts contacts;
    private final Consents consents;
    private final Replies replies;
    private final MessageSource messages;
    private final String privacyPage;

    TextMessageHandler(Contacts contacts, Consents consents, Replies replies, MessageSource messages,
            ReferralProperties referral) {
        this.contacts = contacts;
        this.consents = consents;
        this.replies = replies;
        this.messages = messages;
        this.privacyPage = referral.publicBaseUrl().resolve("/my/privacy").toString();
    }

    @Override
    public Optional<TextReply> reply(InboundMessage message) {
        return marketingKeyword(message).map(given -> new TextReply(consentReply(given)))
                .or(() -> replies.forKeyword(message.field("Content")));
    }

    @Override
    public Mono<Void> apply(InboundMessage message, WeChatUser user) {
        Optional<Boolean> keyword = marketingKeyword(message);
        return contacts.seen(user, message.createdAt())
                .flatMap(contact -> keyword.map(given -> {
                    String source = "keyword:" + message.field("Content").strip();
                    return given ? consents.give(contact, ConsentPurpose.MARKETING, consentReply(true), source, message.createdAt())
                            : consents.withdraw(contact, ConsentPurpose.MARKETING, consentReply(false), source, message.createdAt());
                }).orElse(Mono.empty()))
                .then();
    }

    private static Optional<Boolean> marketingKeyword(InboundMessage message) {
        String text = message.field("Content");
        return text == null ? Optional.empty() : Optional.ofNullable(MARKETING_KEYWORDS.get(text.strip().toLowerCase(Locale.ROOT)));
    }

    private String consentReply(boolean given) {
        return messages.getMessage(given ? "keyword.subscribe.reply" : "keyword.unsubscribe.reply", new Object[] {privacyPage},
                Locale.SIMPLIFIED_CHINESE);
    }
}

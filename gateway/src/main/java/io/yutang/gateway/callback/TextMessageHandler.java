package io.yutang.gateway.callback;

import io.yutang.referral.Contacts;
import io.yutang.referral.WeChatUser;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** A text message: the configured keyword reply when the text is a keyword, else none. */
@Component
class TextMessageHandler implements EventHandler {

    private final Contacts contacts;
    private final Replies replies;

    TextMessageHandler(Contacts contacts, Replies replies) {
        this.contacts = contacts;
        this.replies = replies;
    }

    @Override
    public Optional<TextReply> reply(InboundMessage message) {
        return replies.forKeyword(message.field("Content"));
    }

    @Override
    public Mono<Void> apply(InboundMessage message, WeChatUser user) {
        return contacts.seen(user, message.createdAt()).then();
    }
}

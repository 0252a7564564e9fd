package io.yutang.gateway.callback;

import io.yutang.referral.Contacts;
import io.yutang.referral.WeChatUser;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** A click on a custom-menu item ({@code EventKey} is the menu key): the configured reply, if any. */
@Component
class MenuClickHandler implements EventHandler {

    private final Contacts contacts;
    private final Replies replies;

    MenuClickHandler(Contacts contacts, Replies replies) {
        this.contacts = contacts;
        this.replies = replies;
    }

    @Override
    public Optional<TextReply> reply(InboundMessage message) {
        return replies.forMenuKey(message.eventKey());
    }

    @Override
    public Mono<Void> apply(InboundMessage message, WeChatUser user) {
        return contacts.seen(user, message.createdAt()).then();
    }
}

package io.yutang.gateway.callback;

import io.yutang.referral.Contacts;
import io.yutang.referral.WeChatUser;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A follow, plain or through a parametric QR code ({@code EventKey=qrscene_<scene>}): the contact
 * becomes a follower and gets the welcome reply.
 */
@Component
class SubscribeHandler implements EventHandler {

    private final Contacts contacts;
    private final Replies replies;

    SubscribeHandler(Contacts contacts, Replies replies) {
        this.contacts = contacts;
        this.replies = replies;
    }

    @Override
    public Optional<TextReply> reply(InboundMessage message) {
        return Optional.of(replies.welcome());
    }

    @Override
    public Mono<Void> apply(InboundMessage message, WeChatUser user) {
        return contacts.followed(user, message.createdAt()).then();
    }
}

package io.yutang.gateway.callback;

import io.yutang.referral.Contacts;
import io.yutang.referral.WeChatUser;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** An unfollow: the contact stops being a follower. WeChat shows no reply to it. */
@Component
class UnsubscribeHandler implements EventHandler {

    private final Contacts contacts;

    UnsubscribeHandler(Contacts contacts) {
        this.contacts = contacts;
    }

    @Override
    public Mono<Void> apply(InboundMessage message, WeChatUser user) {
        return contacts.unfollowed(user, message.createdAt()).then();
    }
}

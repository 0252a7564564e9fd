package io.yutang.gateway.callback;

import io.yutang.referral.Attribution;
import io.yutang.referral.Contacts;
import io.yutang.referral.WeChatUser;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** An unfollow: the contact stops being a follower. WeChat shows no reply to it. */
@Component
class UnsubscribeHandler implements EventHandler {

    private final Contacts contacts;
    private final Attribution attribution;

    UnsubscribeHandler(Contacts contacts, Attribution attribution) {
        this.contacts = contacts;
        this.attribution = attribution;
    }

    @Override
    public Mono<Void> apply(InboundMessage message, WeChatUser user) {
        return contacts.unfollowed(user, message.createdAt())
                .flatMap(contact -> attribution.unfollowed(contact, message.createdAt()));
    }
}

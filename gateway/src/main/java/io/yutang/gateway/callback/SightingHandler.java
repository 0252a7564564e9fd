package io.yutang.gateway.callback;

import io.yutang.referral.Contacts;
import io.yutang.referral.WeChatUser;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Events that tell us only that the user was there (a menu link opened, any type we do not
 * know): the contact's last-seen time moves; the stored event keeps the details.
 */
@Component
class SightingHandler implements EventHandler {

    private final Contacts contacts;

    SightingHandler(Contacts contacts) {
        this.contacts = contacts;
    }

    @Override
    public Mono<Void> apply(InboundMessage message, WeChatUser user) {
        return contacts.seen(user, message.createdAt()).then();
    }
}

package io.yutang.gateway.callback;

import io.yutang.referral.Contacts;
import io.yutang.referral.WeChatUser;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code subscribe_msg_change_event}: the user changed a template's setting in WeChat; a
 * {@code reject} makes that template's unused grants lapse.
 */
@Component
class SubscriptionChangeHandler implements EventHandler {

    private final Contacts contacts;
    private final MessageOutcomes outcomes;

    SubscriptionChangeHandler(Contacts contacts, MessageOutcomes outcomes) {
        this.contacts = contacts;
        this.outcomes = outcomes;
    }

    @Override
    public Mono<Void> apply(InboundMessage message, WeChatUser user) {
        return Flux.fromIterable(message.items())
                .filter(item -> item.get("TemplateId") != null
                        && "reject".equalsIgnoreCase(item.get("SubscribeStatusString")))
                .concatMap(item -> outcomes.withdraw(user.appId(), user.openid(), item.get("TemplateId"),
                        message.createdAt()))
                .then(contacts.seen(user, message.createdAt()))
                .then();
    }
}

package io.yutang.gateway.callback;

import io.yutang.referral.Contacts;
import io.yutang.referral.WeChatUser;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code subscribe_msg_popup_event}: the user decided on the templates an H5 page offered
 * ({@code wx-open-subscribe}); each acceptance is a one-time grant a reminder can consume.
 */
@Component
class SubscriptionPopupHandler implements EventHandler {

    private final Contacts contacts;
    private final MessageOutcomes outcomes;

    SubscriptionPopupHandler(Contacts contacts, MessageOutcomes outcomes) {
        this.contacts = contacts;
        this.outcomes = outcomes;
    }

    @Override
    public Mono<Void> apply(InboundMessage message, WeChatUser user) {
        return Flux.fromIterable(message.items())
                .filter(item -> item.get("TemplateId") != null)
                .concatMap(item -> outcomes.decide(user.appId(), user.openid(), item.get("TemplateId"),
                        accepted(item), message.createdAt()))
                .then(contacts.seen(user, message.createdAt()))
                .then();
    }

    private static boolean accepted(Map<String, String> item) {
        return "accept".equalsIgnoreCase(item.get("SubscribeStatusString"));
    }
}

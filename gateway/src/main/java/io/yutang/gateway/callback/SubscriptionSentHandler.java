package io.yutang.gateway.callback;

import io.yutang.referral.Contacts;
import io.yutang.referral.WeChatUser;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code subscribe_msg_sent_event}: WeChat's report on subscription messages (per item
 * {@code MsgID}, {@code ErrorCode} 0 for delivered, {@code ErrorStatus}), kept per message.
 */
@Component
class SubscriptionSentHandler implements EventHandler {

    private final Contacts contacts;
    private final MessageOutcomes outcomes;

    SubscriptionSentHandler(Contacts contacts, MessageOutcomes outcomes) {
        this.contacts = contacts;
        this.outcomes = outcomes;
    }

    @Override
    public Mono<Void> apply(InboundMessage message, WeChatUser user) {
        return Flux.fromIterable(message.items())
                .filter(item -> item.get("MsgID") != null)
                .concatMap(item -> outcomes.report(user.appId(), item.get("MsgID"), user.openid(), "SUBSCRIPTION",
                        item.getOrDefault("ErrorStatus", ""), "0".equals(item.get("ErrorCode")), message.createdAt()))
                .then(contacts.seen(user, message.createdAt()))
                .then();
    }
}

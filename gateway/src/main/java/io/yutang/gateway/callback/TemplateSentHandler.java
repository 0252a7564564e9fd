package io.yutang.gateway.callback;

import io.yutang.referral.Contacts;
import io.yutang.referral.WeChatUser;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code TEMPLATESENDJOBFINISH}: WeChat's report on a template message (field {@code MsgID}, status
 * {@code success}, {@code failed:user block} or {@code failed: system failed}), kept per message.
 */
@Component
class TemplateSentHandler implements EventHandler {

    private final Contacts contacts;
    private final MessageOutcomes outcomes;

    TemplateSentHandler(Contacts contacts, MessageOutcomes outcomes) {
        this.contacts = contacts;
        this.outcomes = outcomes;
    }

    @Override
    public Mono<Void> apply(InboundMessage message, WeChatUser user) {
        String status = message.field("Status") == null ? "" : message.field("Status");
        Mono<Void> report = message.msgId() == null ? Mono.empty()
                : outcomes.report(user.appId(), message.msgId(), user.openid(), "TEMPLATE", status,
                        "success".equals(status), message.createdAt());
        return report.then(contacts.seen(user, message.createdAt())).then();
    }
}

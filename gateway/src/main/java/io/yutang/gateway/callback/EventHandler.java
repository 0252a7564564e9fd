package io.yutang.gateway.callback;

import io.yutang.referral.WeChatUser;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Handles one type of WeChat event in two parts: the passive reply, decided from the message
 * alone so it goes out at once, and the event's effects, applied from the stored event (right
 * after storing it, or later by the sweeper). Applying the same event twice changes nothing more.
 */
interface EventHandler {

    /** The passive reply to send, if any; no I/O. */
    default Optional<TextReply> reply(InboundMessage message) {
        return Optional.empty();
    }

    /** What the event changes. */
    Mono<Void> apply(InboundMessage message, WeChatUser user);
}

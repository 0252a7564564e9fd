package io.yutang.livestream;

import io.yutang.referral.WeChatUser;
import reactor.core.publisher.Mono;

/**
 * Port to WeChat's message channels, implemented by the gateway. A send that WeChat refuses for
 * this person (not a follower, refused, no grant) fails with {@link ChannelRefused}, so the next
 * channel is tried; any other failure is transient and the message is retried later with the same
 * {@link ReminderMessage#key()}.
 */
public interface ReminderChannel {

    /** Which channels may reach the user now. */
    Mono<Reach> reach(WeChatUser user, String subscribeTemplateId);

    /** Sends through one WeChat channel ({@link Channel#TEMPLATE}, {@link Channel#SUBSCRIPTION}, {@link Channel#CUSTOMER_SERVICE}). */
    Mono<Void> send(Channel channel, ReminderMessage message);
}

package io.yutang.livestream;

import io.yutang.referral.WeChatUser;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Port to WeChat's message channels, implemented by the gateway. A send that WeChat refuses for
 * this person (not a follower, refused, no grant) fails with {@link ChannelRefused}, so the next
 * channel is tried; one WeChat answered without taking it fails with {@link ChannelBusy} and is
 * retried later; any other failure (no answer) leaves the outcome unknown: a template message is
 * retried with the same {@link ReminderMessage#key()}, which WeChat delivers once, other channels
 * are not retried.
 */
public interface ReminderChannel {

    /**
     * Whether WeChat's rules let {@code channel} reach the user now: template messages reach
     * followers, a subscription message needs an unused grant of {@code subscribeTemplateId}, a
     * customer-service message an interaction within 48 hours.
     */
    Mono<Boolean> reaches(Channel channel, WeChatUser user, String subscribeTemplateId);

    /** Which of {@code users} {@code channel} reaches now, asked for many at once (one lookup instead of one each). */
    default Mono<Set<WeChatUser>> reachable(Channel channel, Collection<WeChatUser> users, String subscribeTemplateId) {
        return Flux.fromIterable(users)
                .filterWhen(user -> reaches(channel, user, subscribeTemplateId))
                .collect(Collectors.toSet());
    }

    /** Sends through one WeChat channel ({@link Channel#TEMPLATE}, {@link Channel#SUBSCRIPTION}, {@link Channel#CUSTOMER_SERVICE}). */
    Mono<Void> send(Channel channel, ReminderMessage message);
}

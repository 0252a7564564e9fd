package io.yutang.livestream.reminder;

import io.yutang.livestream.Channel;
import io.yutang.livestream.ReminderChannel;
import io.yutang.referral.WeChatUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Which channels may carry a message, in which order, and whether one reaches the registrant:
 * the event's list, the channel of an interrupted attempt first; template messages for followers
 * (looked up once per batch), a one-time subscription grant, customer-service inside 48 hours of
 * an interaction, SMS to a phone given with consent.
 */
final class ChannelChoice {

    private final ReminderChannel wechat;
    private final ConsentedPhone phones;

    ChannelChoice(ReminderChannel wechat, ConsentedPhone phones) {
        this.wechat = wechat;
        this.phones = phones;
    }

    /** The followers among the batch's registrants that may get a template message. */
    Mono<Set<WeChatUser>> followers(List<Due> batch) {
        List<WeChatUser> templated = batch.stream().filter(due -> due.channels().contains(Channel.TEMPLATE))
                .map(due -> new WeChatUser(due.appId(), due.openid())).distinct().toList();
        return templated.isEmpty() ? Mono.just(Set.of()) : wechat.reachable(Channel.TEMPLATE, templated, null);
    }

    /** The channels to try, in order. */
    static List<Channel> order(Due due) {
        List<Channel> order = new ArrayList<>(due.channels());
        if (due.recovered() && due.channel() != null) {
            order.remove(due.channel());
            order.add(0, due.channel());
        }
        return order;
    }

    /** Why {@code channel} does not reach the registrant; empty when it does. */
    Mono<String> refusal(Due due, Channel channel, Set<WeChatUser> followers) {
        if (channel == Channel.SMS) {
            return Mono.justOrEmpty(phones.of(due).isPresent() ? null : "SMS: no phone given with consent");
        }
        WeChatUser user = new WeChatUser(due.appId(), due.openid());
        Mono<Boolean> reaches = channel == Channel.TEMPLATE ? Mono.just(followers.contains(user))
                : wechat.reaches(channel, user, due.subscribeTemplateId());
        return reaches.flatMap(reached -> reached ? Mono.<String>empty() : Mono.just(channel + ": " + unreachable(channel)));
    }

    /** Channels whose resend carries the same key and is delivered once: WeChat's template messages, and SMS by the port's contract. */
    static boolean resendable(Channel channel) {
        return channel == Channel.TEMPLATE || channel == Channel.SMS;
    }

    private static String unreachable(Channel channel) {
        return switch (channel) {
            case TEMPLATE -> "not a follower";
            case SUBSCRIPTION -> "no unused subscription grant";
            case CUSTOMER_SERVICE -> "no interaction within 48 hours";
            case SMS -> "no phone";
        };
    }
}

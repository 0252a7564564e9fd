package io.yutang.gateway.wechat;

import io.yutang.gateway.callback.InboundEvents;
import io.yutang.livestream.Channel;
import io.yutang.livestream.ChannelBusy;
import io.yutang.livestream.ChannelRefused;
import io.yutang.livestream.ReminderChannel;
import io.yutang.livestream.ReminderMessage;
import io.yutang.referral.Contacts;
import io.yutang.referral.WeChatUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.kefu.WxMpKefuMessage;
import me.chanjar.weixin.mp.bean.subscribe.WxMpSubscribeMessage;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateData;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateMessage;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Livestream's {@link ReminderChannel} on WeChat: template messages (with {@code client_msg_id}),
 * one-time subscription messages (spending one grant per message, the same grant on a retry) and
 * customer-service messages. Template fields are {@code thing1} (event), {@code time2} (start) and
 * {@code thing3} (what happens), each within WeChat's 20 characters. Refusals that another channel
 * may get around (43004 not a follower, 43101 refused, 45015 outside the 48-hour window, bad
 * template) fail with {@link ChannelRefused}; any other answer of WeChat's (nothing delivered)
 * with {@link ChannelBusy}; a failure without an answer is passed on as it is (outcome unknown).
 * A subscription grant is spent before the send and given back when WeChat delivered nothing.
 */
@Component
class WeChatReminderChannel implements ReminderChannel {

    private static final Duration CUSTOMER_SERVICE_WINDOW = Duration.ofHours(48);
    private static final int USER_REFUSED = 43101;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm").withZone(ZoneId.of("Asia/Shanghai"));
    private static final Map<Integer, String> REFUSALS = Map.of(
            43004, "not a follower",
            43101, "the user refused this template",
            45015, "no interaction within 48 hours",
            40003, "invalid openid",
            40037, "invalid template id",
            47003, "template data does not fit the template",
            48001, "the account may not use this interface");

    private final WxMpService wechat;
    private final WeChatCalls calls;
    private final Contacts contacts;
    private final DatabaseClient db;
    private final InboundEvents inboundEvents;
    private final Clock clock;

    WeChatReminderChannel(WxMpService wechat, WeChatCalls calls, Contacts contacts, DatabaseClient db,
            InboundEvents inboundEvents, Clock clock) {
        this.wechat = wechat;
        this.calls = calls;
        this.contacts = contacts;
        this.db = db;
        this.inboundEvents = inboundEvents;
        this.clock = clock;
    }

    @Override
    public Mono<Boolean> reaches(Channel channel, WeChatUser user, String subscribeTemplateId) {
        return switch (channel) {
            case TEMPLATE -> contacts.find(user).map(contact -> contact.subscribed()).defaultIfEmpty(false);
            case SUBSCRIPTION -> subscribeTemplateId == null ? Mono.just(false) : exists("""
                    select exists (select 1 from gateway.subscription_grant
                                    where app_id = :app and openid = :openid and template_id = :template
                                      and accepted and consumed_at is null) as open""", user, subscribeTemplateId);
            case CUSTOMER_SERVICE -> inboundEvents.interactedSince(user.appId(), user.openid(),
                    clock.instant().minus(CUSTOMER_SERVICE_WINDOW));
            case SMS -> Mono.just(false);
        };
    }

    @Override
    public Mono<Set<WeChatUser>> reachable(Channel channel, Collection<WeChatUser> users, String subscribeTemplateId) {
        return channel == Channel.TEMPLATE ? contacts.followers(users)
                : ReminderChannel.super.reachable(channel, users, subscribeTemplateId);
    }

    private Mono<Boolean> exists(String sql, WeChatUser user, String template) {
        return db.sql(sql).bind("app", user.appId()).bind("openid", user.openid()).bind("template", template).map(row -> Boolean.TRUE.equals(row.get("open", Boolean.class))).one();
    }

    @Override
    public Mono<Void> send(Channel channel, ReminderMessage message) {
        Mono<?> sent = switch (channel) {
            case TEMPLATE -> template(message);
            case SUBSCRIPTION -> subscription(message);
            case CUSTOMER_SERVICE -> calls.callToTheEnd(() -> wechat.getKefuService().sendKefuMessage(
                    WxMpKefuMessage.TEXT().toUser(message.user().openid()).content(message.text()).build()));
            case SMS -> Mono.error(new IllegalArgumentException("SMS is not a WeChat channel"));
        };
        return sent.onErrorMap(failure -> refusal(failure) != null, failure -> new ChannelRefused(refusal(failure)))
                .onErrorMap(failure -> WeChatCalls.errorCode(failure) != null,
                        failure -> new ChannelBusy("errcode " + WeChatCalls.errorCode(failure)))
                .then();
    }

    private Mono<String> template(ReminderMessage message) {
        if (message.templateId() == null) {
            return Mono.error(new ChannelRefused("no template id"));
        }
        WxMpTemplateMessage template = WxMpTemplateMessage.builder()
                .toUser(message.user().openid())
                .templateId(message.templateId())
                .url(message.link().toString())
                .build();
        template.setClientMsgId(message.key());
        template.addData(new WxMpTemplateData("thing1", message.eventTitle()));
        template.addData(new WxMpTemplateData("time2", WHEN.format(message.startsAt())));
        template.addData(new WxMpTemplateData("thing3", message.notice()));
        return calls.callToTheEnd(() -> wechat.getTemplateMsgService().sendTemplateMsg(template));
    }

    private Mono<String> subscription(ReminderMessage message) {
        if (message.subscribeTemplateId() == null) {
            return Mono.error(new ChannelRefused("no subscription template id"));
        }
        WxMpSubscribeMessage subscribe = WxMpSubscribeMessage.builder()
                .toUser(message.user().openid())
                .templateId(message.subscribeTemplateId())
                .page(message.link().toString())
                .dataMap(Map.of("thing1", message.eventTitle(), "time2", WHEN.format(message.startsAt()),
                        "thing3", message.notice()))
                .build();
        return spendGrant(message).then(calls.callToTheEnd(() -> wechat.getSubscribeMsgService().send(subscribe)))
                .onErrorResume(failure -> returnsGrant(failure), failure -> returnGrant(message).then(Mono.error(failure)));
    }

    /** WeChat answered without delivering, and the user did not refuse: the grant is still theirs to spend. */
    private static boolean returnsGrant(Throwable failure) {
        Integer code = WeChatCalls.errorCode(failure);
        return code != null && code != USER_REFUSED;
    }

    private Mono<Void> returnGrant(ReminderMessage message) {
        return db.sql("update gateway.subscription_grant set consumed_at = null, consumed_by = null where consumed_by = :key")
                .bind("key", message.key())
                .then();
    }

    /** Spends one open grant on this message, or finds the one it already spent. */
    private Mono<Void> spendGrant(ReminderMessage message) {
        return db.sql("""
                        update gateway.subscription_grant set consumed_at = coalesce(consumed_at, :now), consumed_by = :key
                         where id = (select id from gateway.subscription_grant
                                      where app_id = :app and openid = :openid and template_id = :template and accepted
                                        and (consumed_by = :key or consumed_at is null)
                                      order by consumed_by = :key desc nulls last, decided_at
                                      limit 1 for update skip locked)
                        returning id""")
                .bind("now", clock.instant())
                .bind("key", message.key())
                .bind("app", message.user().appId())
                .bind("openid", message.user().openid())
                .bind("template", message.subscribeTemplateId())
                .map(row -> row.get("id", Long.class))
                .one()
                .switchIfEmpty(Mono.error(() -> new ChannelRefused("no unused subscription grant")))
                .then();
    }

    private static String refusal(Throwable failure) {
        Integer code = WeChatCalls.errorCode(failure);
        return code == null || !REFUSALS.containsKey(code) ? null : code + " " + REFUSALS.get(code);
    }
}

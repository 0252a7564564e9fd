package io.yutang.gateway.wechat;

import io.yutang.referral.RepDigest;
import io.yutang.referral.RepNotifier;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.kefu.WxMpKefuMessage;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Referral's {@link RepNotifier} as a customer-service text message to the rep's WeChat, worded
 * from the message bundle (Simplified Chinese by default).
 */
@Component
class WeChatRepNotifier implements RepNotifier {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));
    private static final int MAX_LINES = 10;

    private final WxMpService wechat;
    private final WeChatCalls calls;
    private final MessageSource messages;

    WeChatRepNotifier(WxMpService wechat, WeChatCalls calls, MessageSource messages) {
        this.wechat = wechat;
        this.calls = calls;
        this.messages = messages;
    }

    @Override
    public Mono<Void> send(RepDigest digest) {
        WxMpKefuMessage message = WxMpKefuMessage.TEXT().toUser(digest.rep().openid()).content(text(digest)).build();
        return calls.callToTheEnd(() -> wechat.getKefuService().sendKefuMessage(message)).then();
    }

    String text(RepDigest digest) {
        Locale locale = Locale.SIMPLIFIED_CHINESE;
        StringBuilder text = new StringBuilder(messages.getMessage("rep.digest.header",
                new Object[] {digest.items().size()}, locale));
        digest.items().stream().limit(MAX_LINES).forEach(item -> text.append('\n').append(messages.getMessage(
                "rep.digest.item." + item.kind().name().toLowerCase(Locale.ROOT),
                new Object[] {TIME.format(item.at()), who(item, locale), item.campaign() == null ? "" : item.campaign(),
                        item.detail() == null ? "" : item.detail()}, locale)));
        if (digest.items().size() > MAX_LINES) {
            text.append('\n').append(messages.getMessage("rep.digest.more", new Object[] {digest.items().size() - MAX_LINES}, locale));
        }
        return text.toString();
    }

    private String who(RepDigest.Item item, Locale locale) {
        if (item.prospect() == null) {
            return messages.getMessage("rep.digest.someone", null, locale);
        }
        return item.company() == null ? item.prospect()
                : messages.getMessage("rep.digest.prospect-at-company", new Object[] {item.prospect(), item.company()}, locale);
    }
}

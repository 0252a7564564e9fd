package io.yutang.gateway.callback;

import io.yutang.referral.Contacts;
import io.yutang.referral.WeChatUser;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * An existing follower scanned a parametric QR code ({@code EventKey} is the scene, without the
 * {@code qrscene_} prefix): a sighting, never a new follow.
 */
@Component
class ScanHandler implements EventHandler {

    private final Contacts contacts;

    ScanHandler(Contacts contacts) {
        this.contacts = contacts;
    }

    @Override
    public Mono<Void> apply(InboundMessage message, WeChatUser user) {
        return contacts.seen(user, message.createdAt()).then();
    }
}

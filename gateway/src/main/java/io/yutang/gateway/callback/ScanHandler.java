package io.yutang.gateway.callback;

import io.yutang.referral.Attribution;
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
    private final Attribution attribution;

    ScanHandler(Contacts contacts, Attribution attribution) {
        this.contacts = contacts;
        this.attribution = attribution;
    }

    @Override
    public Mono<Void> apply(InboundMessage message, WeChatUser user) {
        return contacts.seen(user, message.createdAt())
                .flatMap(contact -> message.eventKey() == null || message.eventKey().isEmpty() ? Mono.<Void>empty()
                        : attribution.qrScanned(contact, message.eventKey(), false, message.createdAt(), message.dedupeKey()))
                .then();
    }
}

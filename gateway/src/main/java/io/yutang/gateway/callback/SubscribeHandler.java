package io.yutang.gateway.callback;

import io.yutang.referral.Attribution;
import io.yutang.referral.Campaigns;
import io.yutang.referral.Contacts;
import io.yutang.referral.WeChatUser;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A follow, plain or through a parametric QR code ({@code EventKey=qrscene_<scene>}): the contact
 * becomes a follower and gets the welcome reply.
 */
@Component
class SubscribeHandler implements EventHandler {

    private static final String SCENE_PREFIX = "qrscene_";

    private final Contacts contacts;
    private final Attribution attribution;
    private final Campaigns campaigns;
    private final Replies replies;

    SubscribeHandler(Contacts contacts, Attribution attribution, Campaigns campaigns, Replies replies) {
        this.contacts = contacts;
        this.attribution = attribution;
        this.campaigns = campaigns;
        this.replies = replies;
    }

    @Override
    public Optional<TextReply> reply(InboundMessage message) {
        String key = message.eventKey();
        if (key != null && key.startsWith(SCENE_PREFIX)) {
            Optional<String> campaignWelcome = campaigns.welcomeReplyFor(key.substring(SCENE_PREFIX.length()));
            if (campaignWelcome.isPresent()) {
                return campaignWelcome.map(TextReply::new);
            }
        }
        return Optional.of(replies.welcome());
    }

    @Override
    public Mono<Void> apply(InboundMessage message, WeChatUser user) {
        String key = message.eventKey();
        return contacts.followed(user, message.createdAt())
                .flatMap(contact -> key != null && key.startsWith(SCENE_PREFIX)
                        ? attribution.qrScanned(contact, key.substring(SCENE_PREFIX.length()), true, message.createdAt(),
                                message.dedupeKey())
                        : Mono.empty())
                .then();
    }
}

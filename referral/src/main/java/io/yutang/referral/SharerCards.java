package io.yutang.referral;

import io.yutang.referral.sharelink.ShareLinkCards;
import java.util.Collection;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Referral's façade for the sharer behind a share token, for pages that show the sharer's card
 * (content's articles) and reports that split views by sharer, department and partner.
 */
@Service
public class SharerCards {

    private final ShareLinkCards cards;

    SharerCards(ShareLinkCards cards) {
        this.cards = cards;
    }

    /** The card of the link with this token; empty for a malformed or unknown token, or a link of an ended campaign. */
    public Mono<SharerCard> ofShareToken(String token) {
        return cards.ofShareToken(token);
    }

    /** The cards of these tokens, ended campaigns included (a report counts what happened while they ran). */
    public Flux<SharerCard> ofShareTokens(Collection<String> tokens) {
        return cards.ofShareTokens(tokens);
    }
}

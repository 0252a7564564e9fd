package io.yutang.referral;

import java.net.URI;

/**
 * Whose card a page opened through a share link shows, and who its figures are credited to.
 *
 * @param sharer the link's own sharer (a prospect for an onward link)
 * @param advocate the employee or partner at the root of the link's chain (the sharer themself for theirs)
 * @param qrImage the image of the card's WeChat QR code (the scene code of the shown sharer's link, so a
 *     scan credits them), or null while that link has no live code
 */
public record SharerCard(String shareToken, long campaignId, Sharer sharer, Sharer advocate, URI qrImage) {

    /** The person on the card: the sharer, or for a prospect's onward link the owning advocate. */
    public Sharer shown() {
        return sharer.kind() == SharerKind.PROSPECT ? advocate : sharer;
    }
}

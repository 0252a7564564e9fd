package io.yutang.referral.sharelink;

import java.net.URI;
import java.time.Instant;

/**
 * A sharer's link for a campaign: the H5 address {@code /s/<token>} and the WeChat scene code
 * (temporary QR) that both lead to the campaign and credit the sharer.
 *
 * @param token at least 128 random bits, URL-safe; it is the link's only identifier outside yutang
 * @param sceneUrl what the poster's QR encodes; WeChat's temporary code, re-issued before it expires
 */
public record ShareLink(long id, long campaignId, long sharerId, String token, URI url, String sceneUrl,
        Instant sceneExpiresAt) {

    @Override
    public String toString() {
        return "ShareLink[id=" + id + ", campaign=" + campaignId + ", sharer=" + sharerId + "]";
    }
}

package io.yutang.referral.poster;

import java.awt.image.BufferedImage;

/**
 * What one sharer's poster shows.
 *
 * @param title the sharer's title (a partner's company when they have none); null for none
 * @param sceneUrl what the QR code encodes: the share link's WeChat scene code
 * @param avatar the fetched avatar, or null to draw initials
 */
record PosterContent(String name, String title, String campaignText, String sceneUrl, BufferedImage avatar) {

    PosterContent withAvatar(BufferedImage fetched) {
        return new PosterContent(name, title, campaignText, sceneUrl, fetched);
    }

    @Override
    public String toString() {
        return "PosterContent[name=" + (name == null || name.isEmpty() ? "" : name.charAt(0) + "**") + "]";
    }
}

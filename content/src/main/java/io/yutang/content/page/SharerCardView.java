package io.yutang.content.page;

import io.yutang.content.ContentProperties;
import io.yutang.referral.Sharer;
import io.yutang.referral.SharerCard;
import io.yutang.referral.SharerKind;

/**
 * The card at an article's foot as the template shows it.
 *
 * @param organisation the partner's company, or the employee's department
 * @param avatarUrl the avatar's address, or null
 * @param qrUrl the image of the QR code to scan (the sharer's scene code, so a scan credits them), or null
 */
record SharerCardView(String name, String title, String organisation, String avatarUrl, String qrUrl, boolean company) {

    static SharerCardView of(SharerCard card) {
        Sharer shown = card.shown();
        String organisation = shown.kind() == SharerKind.PARTNER ? shown.company()
                : shown.kind() == SharerKind.EMPLOYEE ? shown.department() : null;
        return new SharerCardView(shown.name(), shown.title(), organisation, shown.avatarUrl(),
                card.qrImage() == null ? null : card.qrImage().toString(), false);
    }

    static SharerCardView of(ContentProperties.DefaultCard card) {
        return new SharerCardView(card.name(), card.title(), card.company(),
                card.avatarUrl() == null ? null : card.avatarUrl().toString(), card.qrUrl() == null ? null : card.qrUrl().toString(), true);
    }
}

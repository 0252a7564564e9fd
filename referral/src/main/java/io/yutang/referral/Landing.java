package io.yutang.referral;

import java.net.URI;

/**
 * Where an opened share link sends the prospect.
 *
 * @param target the campaign's page, carrying the share token as {@code st}; null when there is
 *     none (a follow-only campaign, or an unknown or ended link): the gateway shows its own page
 * @param campaignName the campaign's name, or null for an unknown link
 * @param sceneTicket the ticket of the sharer's WeChat QR code (to show it for following), or null
 * @param ended whether the link's campaign has ended: the page says so and how to follow the account
 */
public record Landing(URI target, String campaignName, String sceneTicket, boolean ended) {
}

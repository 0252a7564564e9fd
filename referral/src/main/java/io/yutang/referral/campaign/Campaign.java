package io.yutang.referral.campaign;

import io.yutang.referral.TargetKind;
import io.yutang.referral.attribution.AttributionModel;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * A campaign that sharers promote, and the rules that credit its signups.
 *
 * @param targetRef the live event's or asset's id for {@link TargetKind#LIVE_EVENT} / {@link TargetKind#CONTENT}
 * @param targetUrl where an opened share link lands (the registration page, the asset's page); null for a
 *     follow-only campaign, whose links land on yutang's own "follow us" page
 * @param welcomeReply the reply a new follower gets after scanning this campaign's code; null for the default
 * @param posterTemplate the name of the poster template; null for the built-in one
 */
public record Campaign(
        long id,
        String name,
        TargetKind targetKind,
        String targetRef,
        URI targetUrl,
        Instant startsAt,
        Instant endsAt,
        AttributionModel attributionModel,
        Duration attributionWindow,
        Duration clawbackPeriod,
        String welcomeReply,
        String posterTemplate) {

    /** Whether the campaign runs at {@code at}. */
    public boolean runsAt(Instant at) {
        return !at.isBefore(startsAt) && (endsAt == null || at.isBefore(endsAt));
    }
}

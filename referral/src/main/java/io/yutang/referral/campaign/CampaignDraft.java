package io.yutang.referral.campaign;

import io.yutang.referral.text.PlainText;
import io.yutang.referral.text.SingleLine;
import io.yutang.referral.TargetKind;
import io.yutang.referral.attribution.AttributionModel;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * What marketing says about a campaign when creating or editing it. Window and clawback default to
 * the module's settings (30 and 7 days), the model to last touch.
 */
public record CampaignDraft(
        @NotBlank @Size(max = 100) @SingleLine String name,
        @NotNull TargetKind targetKind,
        @Size(max = 64) @SingleLine String targetRef,
        URI targetUrl,
        @NotNull Instant startsAt,
        Instant endsAt,
        AttributionModel attributionModel,
        Duration attributionWindow,
        Duration clawbackPeriod,
        @Size(max = 600) @PlainText String welcomeReply,
        @Size(max = 64) @SingleLine String posterTemplate) {
}

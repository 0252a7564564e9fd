package io.yutang.livestream.event;

import io.yutang.referral.text.PlainText;
import io.yutang.referral.text.SingleLine;
import io.yutang.livestream.Channel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What marketing says about a live event when creating or editing it. Without a reminder plan the
 * module's default applies (24 h, 1 h, 10 min before, and "starting now"); without channels,
 * every channel the event has a template for, then customer-service messages.
 *
 * @param templateId the WeChat template message used for reminders to followers
 * @param subscribeTemplateId the one-time subscription template the registration page offers
 */
public record LiveEventDraft(
        @NotBlank @Size(max = 100) @SingleLine String title,
        @Size(max = 2000) @PlainText String description,
        @NotNull Instant startsAt,
        @NotNull Instant endsAt,
        @Positive Integer capacity,
        @Size(max = 20) List<@NotNull @Valid RegistrationField> registrationFields,
        @Size(max = 1000) @PlainText String consentText,
        @Size(max = 10) List<@NotNull Duration> reminderOffsets,
        @Size(max = 4) List<@NotNull Channel> channels,
        @Size(max = 64) @SingleLine String templateId,
        @Size(max = 64) @SingleLine String subscribeTemplateId,
        URI watchUrl,
        URI replayUrl,
        URI surveyUrl,
        EventStatus status) {
}

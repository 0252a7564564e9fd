package io.yutang.referral.work;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long yutang keeps personal data it no longer needs ({@code yutang.retention.*}, environment
 * {@code YUTANG_RETENTION_*}); each module purges its own tables on every instance with
 * {@link Purges}.
 *
 * @param inboundXml raw XML of handled callback events (gateway); the event row itself stays, so dedupe holds
 * @param viewings live-event viewing sessions (livestream)
 * @param readingBeacons article openings and reading beacons (content)
 * @param webhookAttempts the webhook delivery log (gateway)
 * @param deliveryReports WeChat's delivery reports of template and subscription messages (gateway)
 * @param interval how often each instance looks for rows past their window
 * @param batch the most rows one statement purges; a round that purges a full batch runs again at once
 */
@Validated
@ConfigurationProperties("yutang.retention")
public record RetentionProperties(
        @NotNull @DefaultValue("30d") Duration inboundXml,
        @NotNull @DefaultValue("365d") Duration viewings,
        @NotNull @DefaultValue("365d") Duration readingBeacons,
        @NotNull @DefaultValue("90d") Duration webhookAttempts,
        @NotNull @DefaultValue("90d") Duration deliveryReports,
        @NotNull @DefaultValue("1h") Duration interval,
        @Positive @Max(10_000) @DefaultValue("1000") int batch) {
}

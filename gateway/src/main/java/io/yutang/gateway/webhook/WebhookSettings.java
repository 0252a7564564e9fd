package io.yutang.gateway.webhook;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Webhook delivery settings ({@code yutang.webhooks.*}).
 *
 * @param allowedHosts hosts (names or IP addresses) a webhook may point at although they resolve to
 *     loopback, link-local or private addresses; empty: none (the default)
 * @param timeout the longest one delivery may take, connecting and answering
 * @param pollInterval how often each instance looks for due deliveries
 * @param disableAfter an endpoint that has failed for this long without a success is disabled
 * @param secretOverlap how long the previous secret still signs deliveries after a rotation
 * @param attributionSettle how long a fact waits for referral's decision on its conversion (who gets the
 *     credit) before its message goes without attribution
 * @param retryWaits the waits before each retry of a failed delivery (each stretched by up to a fifth
 *     at random); after the last one the delivery is given up. The default spans about three days.
 */
@Validated
@ConfigurationProperties("yutang.webhooks")
record WebhookSettings(
        @DefaultValue List<String> allowedHosts,
        @NotNull @DefaultValue("10s") Duration timeout,
        @NotNull @DefaultValue("1s") Duration pollInterval,
        @NotNull @DefaultValue("5d") Duration disableAfter,
        @NotNull @DefaultValue("24h") Duration secretOverlap,
        @NotNull @DefaultValue("1m") Duration attributionSettle,
        @NotEmpty @DefaultValue({"5s", "5m", "30m", "2h", "5h", "10h", "10h", "10h", "10h", "10h", "10h"}) List<Duration> retryWaits) {
}

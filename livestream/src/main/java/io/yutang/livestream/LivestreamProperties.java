package io.yutang.livestream;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Livestream's settings ({@code yutang.livestream.*}).
 *
 * @param publicBaseUrl where registrants' browsers reach yutang; links in messages are built on it
 * @param defaultReminderOffsets how long before an event's start each reminder goes out, for
 *     events that do not set their own plan ({@code 0s} is "starting now")
 * @param heartbeatInterval how often the live page reports that a viewer is still watching
 * @param sendRatePerSecond the most reminder messages all instances together send per second
 * @param dispatchPollInterval how often each instance looks for due messages
 * @param dispatchBatch how many due messages one instance takes per round
 * @param dispatchConcurrency how many messages one instance sends at once
 * @param sendLease how long a message being sent is held before another instance may take it over
 * @param sendAttempts attempts before a message that keeps failing is given up
 */
@Validated
@ConfigurationProperties("yutang.livestream")
public record LivestreamProperties(
        @NotNull @DefaultValue("http://localhost:8080") URI publicBaseUrl,
        @NotEmpty @DefaultValue({"24h", "1h", "10m", "0s"}) List<Duration> defaultReminderOffsets,
        @DefaultValue("30s") Duration heartbeatInterval,
        @Positive @DefaultValue("200") int sendRatePerSecond,
        @NotNull @DefaultValue("1s") Duration dispatchPollInterval,
        @Positive @DefaultValue("200") int dispatchBatch,
        @Positive @DefaultValue("32") int dispatchConcurrency,
        @NotNull @DefaultValue("30s") Duration sendLease,
        @Positive @DefaultValue("6") int sendAttempts) {
}

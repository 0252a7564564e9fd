package io.yutang.livestream;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Livestream's settings ({@code yutang.livestream.*}).
 *
 * @param defaultReminderOffsets how long before an event's start each reminder goes out, for
 *     events that do not set their own plan ({@code 0s} is "starting now")
 * @param heartbeatInterval how often the live page reports that a viewer is still watching
 * @param sendRatePerSecond the most reminder messages all instances together send per second
 */
@Validated
@ConfigurationProperties("yutang.livestream")
public record LivestreamProperties(
        @NotEmpty @DefaultValue({"24h", "1h", "10m", "0s"}) List<Duration> defaultReminderOffsets,
        @DefaultValue("30s") Duration heartbeatInterval,
        @Positive @DefaultValue("200") int sendRatePerSecond) {
}

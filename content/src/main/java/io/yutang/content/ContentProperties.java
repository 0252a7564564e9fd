package io.yutang.content;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Content's settings ({@code yutang.content.*}).
 *
 * @param downloadLinkLifetime how long a gated asset's download link works once the gate is passed
 * @param qualifiedLeadScore the lead score at which a prospect is handed to sales
 */
@Validated
@ConfigurationProperties("yutang.content")
public record ContentProperties(
        @NotNull @DefaultValue("15m") Duration downloadLinkLifetime,
        @Positive @DefaultValue("60") int qualifiedLeadScore) {
}

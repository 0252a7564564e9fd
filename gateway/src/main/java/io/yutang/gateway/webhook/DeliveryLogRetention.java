package io.yutang.gateway.webhook;

import io.yutang.referral.work.PollingLoop;
import io.yutang.referral.work.Purges;
import io.yutang.referral.work.RetentionProperties;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/** Retention of the webhook delivery log: attempts older than {@code yutang.retention.webhook-attempts} (90 days). */
@Component
class DeliveryLogRetention {

    private final DeliveryAttempts attempts;
    private final RetentionProperties retention;
    private final Clock clock;

    DeliveryLogRetention(DeliveryAttempts attempts, RetentionProperties retention, Clock clock) {
        this.attempts = attempts;
        this.retention = retention;
        this.clock = clock;
    }

    @Bean
    PollingLoop deliveryLogRetentionLoop() {
        return Purges.loop("Webhook delivery log retention", retention, List.of(new Purges.Purge("rows of gateway.webhook_attempt",
                batch -> attempts.purge(clock.instant().minus(retention.webhookAttempts()), batch))));
    }
}

package io.yutang.gateway.callback;

import io.yutang.referral.work.PollingLoop;
import io.yutang.referral.work.Purges;
import io.yutang.referral.work.RetentionProperties;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * Retention of what WeChat pushed: the raw XML of handled events after
 * {@code yutang.retention.inbound-xml} (30 days; the event rows stay, so a late retry is still
 * recognised as a duplicate) and delivery reports after {@code yutang.retention.delivery-reports}
 * (90 days), purged in batches on every instance.
 */
@Component
class CallbackRetention {

    private final InboundEvents events;
    private final MessageOutcomes outcomes;
    private final RetentionProperties retention;
    private final Clock clock;

    CallbackRetention(InboundEvents events, MessageOutcomes outcomes, RetentionProperties retention, Clock clock) {
        this.events = events;
        this.outcomes = outcomes;
        this.retention = retention;
        this.clock = clock;
    }

    List<Purges.Purge> purges() {
        return List.of(
                new Purges.Purge("raw XML bodies of gateway.inbound_event",
                        batch -> events.clearRawXml(clock.instant().minus(retention.inboundXml()), batch)),
                new Purges.Purge("rows of gateway.delivery_report",
                        batch -> outcomes.purgeReports(clock.instant().minus(retention.deliveryReports()), batch)));
    }

    @Bean
    PollingLoop callbackRetentionLoop() {
        return Purges.loop("Callback retention", retention, purges());
    }
}

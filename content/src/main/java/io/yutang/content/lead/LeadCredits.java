package io.yutang.content.lead;

import io.yutang.referral.work.PollingLoop;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Credits leads whose credit did not go through at the time (referral's store briefly
 * unavailable, an instance stopped in between), on any instance; crediting is idempotent on the
 * lead. A straggler is a lead without {@code credited_at}, so this is a periodic sweep on the
 * shared {@link PollingLoop}, as livestream's credit retries are.
 */
@Component
class LeadCredits {

    private static final Duration GRACE = Duration.ofMinutes(1);
    private static final Duration INTERVAL = Duration.ofSeconds(30);

    private final Leads leads;

    LeadCredits(Leads leads) {
        this.leads = leads;
    }

    Mono<Void> creditStragglers() {
        return leads.uncredited(GRACE, 200).concatMap(leads::credit).then();
    }

    @Bean
    PollingLoop leadCreditsLoop() {
        return new PollingLoop("Lead credits", INTERVAL, INTERVAL, this::creditStragglers);
    }
}

package io.yutang.referral.contact;

import io.yutang.referral.ProfileLookup;
import io.yutang.referral.ReferralProperties;
import io.yutang.referral.work.PollingLoop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Works off due profile fetches of the account {@link ProfileLookup} serves, on every instance:
 * leases a batch (rows another instance holds are skipped), asks WeChat through {@link ProfileLookup}, stores the profile, and retries
 * failures with exponential backoff until {@code profileFetchAttempts} is reached.
 */
@Component
public class ProfileRefresher {

    private static final Logger log = LoggerFactory.getLogger(ProfileRefresher.class);
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final int BATCH = 50;
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private final ContactStore store;
    private final ProfileLookup lookup;
    private final ReferralProperties properties;
    private final Clock clock;

    ProfileRefresher(ContactStore store, ProfileLookup lookup, ReferralProperties properties, Clock clock) {
        this.store = store;
        this.lookup = lookup;
        this.properties = properties;
        this.clock = clock;
    }

    /** One round: fetch every due profile this instance could lease. */
    Mono<Void> refreshDue() {
        Instant now = clock.instant();
        return store.leaseDueFetches(lookup.appId(), now, BATCH, LEASE)
                .flatMap(this::fetch, 8)
                .then();
    }

    private Mono<Void> fetch(ContactStore.DueFetch due) {
        return lookup.lookUp(due.user())
                .flatMap(profile -> store.saveProfile(due.contact(), profile, clock.instant()).thenReturn(true))
                .switchIfEmpty(Mono.defer(() ->
                        store.finishFetch(due.contact(), clock.instant(), "no such user at WeChat").thenReturn(true)))
                .then()
                .onErrorResume(failure -> failed(due, failure));
    }

    private Mono<Void> failed(ContactStore.DueFetch due, Throwable failure) {
        String error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (due.attempts() >= properties.profileFetchAttempts()) {
            log.warn("Giving up the profile of contact {} after {} attempts: {}",
                    due.contact().value(), due.attempts(), error);
            return store.finishFetch(due.contact(), clock.instant(), "gave up: " + error);
        }
        Duration backoff = properties.profileFetchFirstBackoff().multipliedBy(1L << Math.min(2 * (due.attempts() - 1), 20));
        if (backoff.compareTo(MAX_BACKOFF) > 0) {
            backoff = MAX_BACKOFF;
        }
        return store.retryFetchLater(due.contact(), clock.instant().plus(backoff), error);
    }

    /** The rounds, started and stopped with the application. */
    @Bean
    PollingLoop profileFetchLoop() {
        return new PollingLoop("Profile fetch", properties.profileFetchPollInterval(),
                properties.profileFetchPollInterval(), this::refreshDue);
    }
}

package io.yutang.referral.contact;

import io.yutang.referral.ContactId;
import io.yutang.referral.ProfileLookup;
import io.yutang.referral.ReferralProperties;
import io.yutang.referral.WeChatUser;
import io.yutang.referral.work.Backoff;
import io.yutang.referral.work.Claim;
import io.yutang.referral.work.Column;
import io.yutang.referral.work.PollingLoop;
import io.yutang.referral.work.QueueTable;
import io.yutang.referral.work.WorkQueue;
import io.yutang.referral.work.WorkState;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Works off due profile fetches ({@code referral.profile_fetch}, a {@link WorkQueue}) of the
 * account {@link ProfileLookup} serves, on every instance: claims a batch, asks WeChat through
 * {@link ProfileLookup}, stores the profile, and retries failures with backoff (first
 * {@code profileFetchFirstBackoff}, four times longer each time, at most an hour) until
 * {@code profileFetchAttempts} is reached.
 */
@Component
public class ProfileRefresher {

    private static final QueueTable<WorkState> TABLE = QueueTable.of("referral.profile_fetch", "contact_id")
            .scopedBy("exists (select 1 from referral.contact c where c.id = q.contact_id and c.app_id = :scope)");
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final int BATCH = 50;

    private final ContactStore store;
    private final ProfileLookup lookup;
    private final ReferralProperties properties;
    private final Clock clock;
    private final WorkQueue<WorkState> queue;
    private final Backoff backoff;

    ProfileRefresher(DatabaseClient db, ContactStore store, ProfileLookup lookup, ReferralProperties properties, Clock clock) {
        this.store = store;
        this.lookup = lookup;
        this.properties = properties;
        this.clock = clock;
        this.queue = new WorkQueue<>(db, TABLE, clock);
        this.backoff = new Backoff(properties.profileFetchFirstBackoff(), 4, Duration.ofHours(1), properties.profileFetchAttempts());
    }

    /** One round: fetch every due profile this instance could claim. */
    Mono<Void> refreshDue() {
        return queue.claim(clock.instant(), BATCH, LEASE, lookup.appId())
                .collectList()
                .filter(claims -> !claims.isEmpty())
                .flatMapMany(claims -> store.users(claims.stream().map(Claim::id).toList())
                        .flatMapMany(users -> fetchAll(claims, users)))
                .then();
    }

    private Flux<Void> fetchAll(List<Claim> claims, Map<Long, WeChatUser> users) {
        return Flux.fromIterable(claims).flatMap(claim -> fetch(claim, users.get(claim.id())), 8);
    }

    private Mono<Void> fetch(Claim claim, WeChatUser user) {
        return lookup.lookUp(user)
                .flatMap(profile -> store.saveProfile(new ContactId(claim.id()), profile, clock.instant())
                        .then(done(claim, null)))
                .switchIfEmpty(Mono.defer(() -> done(claim, "no such user at WeChat")))
                .then()
                .onErrorResume(failure -> queue.retry(claim, failure.getClass().getSimpleName() + ": " + failure.getMessage(),
                        backoff).then());
    }

    private Mono<Boolean> done(Claim claim, String outcome) {
        return queue.finish(claim, WorkState.DONE, outcome, Column.of("done_at", clock.instant()));
    }

    /** The queue, for its metrics. */
    @Bean
    WorkQueue<WorkState> profileFetchQueue() {
        return queue;
    }

    /** The rounds, started and stopped with the application. */
    @Bean
    PollingLoop profileFetchLoop() {
        return new PollingLoop("Profile fetch", properties.profileFetchPollInterval(),
                properties.profileFetchPollInterval(), this::refreshDue);
    }
}

package io.yutang.referral.contact;

import io.yutang.referral.ProfileLookup;
import io.yutang.referral.ProfileLookupsThrottled;
import io.yutang.referral.ReferralProperties;
import io.yutang.referral.WeChatProfile;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Works off due profile fetches ({@code referral.profile_fetch}, a {@link WorkQueue}) of the
 * account {@link ProfileLookup} serves, on every instance. Each claim takes up to
 * {@link ProfileLookup#MOST_PER_LOOKUP} fetches and asks WeChat for all of them in one batch
 * lookup; up to {@code profileFetchConcurrency} batches are in flight at once, and while claims
 * come back full the next round starts at once (a backlog is drained, not polled). A user WeChat
 * does not return ends with that reason. When WeChat holds lookups off
 * ({@link ProfileLookupsThrottled}: 45009, 45011, or -1 that outlasted the adapter's retries) the
 * account's fetches pause on every instance ({@link ProfileFetchPause}, in Redis) for
 * {@code profileFetchQuotaBackoff}, twice as long after each further refusal in a row (at most an
 * hour, or the setting if longer), and the claimed fetches are put back untried, due when the pause
 * ends. Any other failure retries the batch's fetches with backoff (first
 * {@code profileFetchFirstBackoff}, four times longer each time, at most an hour) until
 * {@code profileFetchAttempts} is reached.
 */
@Component
public class ProfileRefresher {

    private static final QueueTable<WorkState> TABLE = QueueTable.of("referral.profile_fetch", "contact_id")
            .scopedBy("exists (select 1 from referral.contact c where c.id = q.contact_id and c.app_id = :scope)");
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final int BATCH = ProfileLookup.MOST_PER_LOOKUP;
    static final String NOT_RETURNED = "WeChat returned no profile for this user (not a user of the account, or an invalid openid)";

    private final ContactStore store;
    private final ProfileLookup lookup;
    private final ReferralProperties properties;
    private final Clock clock;
    private final WorkQueue<WorkState> queue;
    private final Backoff backoff;
    private final ProfileFetchPause pause;

    ProfileRefresher(DatabaseClient db, ContactStore store, ProfileLookup lookup, ReferralProperties properties, Clock clock,
            ReactiveStringRedisTemplate redis, @Value("${yutang.redis.key-prefix:yutang:}") String keyPrefix) {
        this.store = store;
        this.lookup = lookup;
        this.properties = properties;
        this.clock = clock;
        this.queue = new WorkQueue<>(db, TABLE, clock);
        this.backoff = new Backoff(properties.profileFetchFirstBackoff(), 4, Duration.ofHours(1), properties.profileFetchAttempts());
        Duration firstPause = properties.profileFetchQuotaBackoff();
        Backoff pauses = new Backoff(firstPause, 2, firstPause.compareTo(Duration.ofHours(1)) > 0 ? firstPause : Duration.ofHours(1),
                Integer.MAX_VALUE);
        this.pause = new ProfileFetchPause(redis, keyPrefix, lookup.appId(), pauses, clock);
    }

    /**
     * One round: up to {@code profileFetchConcurrency} claims, one after the other (so this
     * instance's own claims never split a batch between them), each fetched in one batch lookup as
     * soon as it is claimed, while the next is claimed. Claiming stops at the first claim that is
     * not full. Emits whether more is waiting (every claim came back full); nothing is claimed
     * while the account's fetches are paused, on this instance or another.
     */
    Mono<Boolean> refreshDue() {
        int claims = properties.profileFetchConcurrency();
        return Flux.range(0, claims)
                .concatMap(i -> pause.active().flatMap(paused -> paused ? Mono.<List<Claim>>empty()
                        : queue.claim(clock.instant(), BATCH, LEASE, lookup.appId()).collectList()))
                .takeUntil(claimed -> claimed.size() < BATCH)
                .flatMap(claimed -> Flux.fromIterable(batches(claimed)).concatMap(this::fetch)
                        .then(Mono.just(claimed.size() >= BATCH)), claims)
                .filter(full -> full)
                .count()
                .map(full -> full == claims);
    }

    private static List<List<Claim>> batches(List<Claim> claims) {
        List<List<Claim>> batches = new ArrayList<>();
        for (int from = 0; from < claims.size(); from += BATCH) {
            batches.add(claims.subList(from, Math.min(claims.size(), from + BATCH)));
        }
        return batches;
    }

    private Mono<Void> fetch(List<Claim> claims) {
        if (pause.here()) {
            return queue.postponeAll(claims, pause.end(), "not tried: profile fetches are paused");
        }
        return store.users(claims.stream().map(Claim::id).toList())
                .flatMap(users -> lookup.lookUpAll(claims.stream().map(claim -> users.get(claim.id()))
                                .filter(Objects::nonNull).toList())
                        .flatMap(profiles -> pause.lookedUp().then(stored(claims, users, profiles))))
                .onErrorResume(failure -> failed(claims, failure));
    }

    private Mono<Void> failed(List<Claim> claims, Throwable failure) {
        if (failure instanceof ProfileLookupsThrottled refusal) {
            return pause.refused(refusal.getMessage()).flatMap(end -> queue.postponeAll(claims, end,
                    "not tried: profile fetches paused after WeChat held lookups off: " + refusal.getMessage()));
        }
        String reason = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return Flux.fromIterable(claims).flatMap(claim -> queue.retry(claim, reason, backoff)).then();
    }

    private Mono<Void> stored(List<Claim> claims, Map<Long, WeChatUser> users, Map<WeChatUser, WeChatProfile> profiles) {
        Map<Long, WeChatProfile> found = new HashMap<>();
        List<Claim> fetched = new ArrayList<>();
        List<Claim> missing = new ArrayList<>();
        for (Claim claim : claims) {
            WeChatProfile profile = profiles.get(users.get(claim.id()));
            if (profile == null) {
                missing.add(claim);
            } else {
                found.put(claim.id(), profile);
                fetched.add(claim);
            }
        }
        Instant now = clock.instant();
        return store.saveProfiles(found, now)
                .then(queue.finishAll(fetched, WorkState.DONE, Column.of("done_at", now)))
                .thenMany(Flux.fromIterable(missing).concatMap(claim -> queue.finish(claim, WorkState.DONE,
                        users.containsKey(claim.id()) ? NOT_RETURNED : "the contact no longer exists", Column.of("done_at", now))))
                .then();
    }

    /** The queue, for its metrics. */
    @Bean
    WorkQueue<WorkState> profileFetchQueue() {
        return queue;
    }

    /** The rounds, started and stopped with the application. */
    @Bean
    PollingLoop profileFetchLoop() {
        return PollingLoop.draining("Profile fetch", properties.profileFetchPollInterval(),
                properties.profileFetchPollInterval(), this::refreshDue);
    }
}

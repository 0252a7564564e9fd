package io.yutang.livestream.registration;

import io.yutang.livestream.attendance.Attendance;
import io.yutang.referral.work.PollingLoop;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Credits confirmed registrations and live attendances whose credit did not go through at the
 * time, and withdraws the credits of cancelled registrations whose withdrawal did not (their
 * {@code withdrawn_at} is null) (referral's store briefly unavailable, an instance stopped in between), on any instance;
 * crediting is idempotent. There is no queue table to claim from (a straggler is a registration or
 * viewing whose credit is missing), so this is a periodic sweep on the shared {@link PollingLoop}.
 */
@Component
class CreditRetries {

    private static final Duration GRACE = Duration.ofMinutes(1);
    private static final Duration INTERVAL = Duration.ofSeconds(30);

    private final DatabaseClient db;
    private final Registrations registrations;
    private final Attendance attendance;
    private final Clock clock;

    CreditRetries(DatabaseClient db, Registrations registrations, Attendance attendance, Clock clock) {
        this.db = db;
        this.registrations = registrations;
        this.attendance = attendance;
        this.clock = clock;
    }

    Mono<Void> creditStragglers() {
        Instant before = clock.instant().minus(GRACE);
        return db.sql("""
                        select id from livestream.registration
                         where status = 'REGISTERED' and attributed_at is null and updated_at < :before
                           and (credit_tried_at is null or credit_tried_at < :before)
                         order by credit_tried_at nulls first, registered_at limit 200""")
                .bind("before", before)
                .map(row -> row.get("id", Long.class))
                .all()
                .concatMap(registrations::credit)
                .then(withdrawStragglers(before))
                .then(attendance.creditStragglers(clock.instant().minus(GRACE)));
    }

    /** Withdraws the credits of registrations cancelled before {@code before} whose withdrawal did not go through. */
    Mono<Void> withdrawStragglers(Instant before) {
        return db.sql("""
                        select id from livestream.registration
                         where status = 'CANCELLED' and withdrawn_at is null and updated_at < :before
                           and (credit_tried_at is null or credit_tried_at < :before)
                         order by credit_tried_at nulls first, cancelled_at limit 200""")
                .bind("before", before)
                .map(row -> row.get("id", Long.class))
                .all()
                .concatMap(registrations::withdraw)
                .then();
    }

    /** The rounds, started and stopped with the application. */
    @Bean
    PollingLoop creditRetriesLoop() {
        return new PollingLoop("Credit retries", INTERVAL, INTERVAL, this::creditStragglers);
    }
}

package io.yutang.gateway.webhook;

import io.r2dbc.spi.Readable;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The webhook endpoints ({@code gateway.webhook_endpoint}): the only class that writes them. */
@Component
class Subscriptions {

    private static final String COLUMNS = "id, url, description, event_types, enabled, created_by, created_at, updated_at,"
            + " last_success_at, disabled_at, disabled_reason, previous_secret_until";

    /** Where to send one endpoint's deliveries and the secrets that sign them now (the current one first). */
    record Target(long id, URI url, List<String> secrets) {

        @Override
        public String toString() {
            return "Target[id=" + id + ", url=" + url + ", secrets=***]";
        }
    }

    /** A new endpoint with its secret, shown this once. */
    record Created(Subscription endpoint, String secret) {

        @Override
        public String toString() {
            return "Created[" + endpoint + ", secret=***]";
        }
    }

    private final DatabaseClient db;
    private final Clock clock;

    Subscriptions(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    Mono<Created> create(URI url, String description, List<String> types, String createdBy) {
        String secret = WebhookSignatures.newSecret();
        Instant now = clock.instant();
        return db.sql("""
                        insert into gateway.webhook_endpoint (url, description, event_types, secret, created_by, created_at, updated_at)
                        values (:url, :description, :types, :secret, :by, :now, :now)
                        returning""" + " " + COLUMNS)
                .bind("url", url.toString())
                .bind("description", Parameter.fromOrEmpty(description, String.class))
                .bind("types", types.toArray(String[]::new))
                .bind("secret", secret)
                .bind("by", createdBy)
                .bind("now", now)
                .map(this::subscription)
                .one()
                .map(endpoint -> new Created(endpoint, secret));
    }

    Flux<Subscription> list() {
        return db.sql("select " + COLUMNS + " from gateway.webhook_endpoint order by id").map(this::subscription).all();
    }

    Mono<Subscription> find(long id) {
        return db.sql("select " + COLUMNS + " from gateway.webhook_endpoint where id = :id").bind("id", id)
                .map(this::subscription).one().switchIfEmpty(Mono.error(UnknownWebhook::new));
    }

    /** Changes an endpoint; enabling a disabled one clears why it was disabled. Emits it as it was before and after. */
    Mono<Subscription[]> update(long id, URI url, String description, List<String> types, boolean enabled) {
        return find(id).flatMap(before -> db.sql("""
                        update gateway.webhook_endpoint
                           set url = :url, description = :description, event_types = :types, enabled = :enabled, updated_at = :now,
                               disabled_at = case when :enabled then null else coalesce(disabled_at, :now) end,
                               disabled_reason = case when :enabled then null else disabled_reason end
                         where id = :id
                        returning""" + " " + COLUMNS)
                .bind("id", id)
                .bind("url", url.toString())
                .bind("description", Parameter.fromOrEmpty(description, String.class))
                .bind("types", types.toArray(String[]::new))
                .bind("enabled", enabled)
                .bind("now", clock.instant())
                .map(this::subscription)
                .one()
                .map(after -> new Subscription[] {before, after}));
    }

    /** A new secret, shown this once, and until when the one it replaced still signs beside it. */
    record Rotated(String secret, Instant previousValidUntil) {

        @Override
        public String toString() {
            return "Rotated[secret=***, previousValidUntil=" + previousValidUntil + "]";
        }
    }

    /** A new secret; the one it replaces still signs (beside it) for {@code overlap}. */
    Mono<Rotated> rotate(long id, Duration overlap) {
        String secret = WebhookSignatures.newSecret();
        Instant now = clock.instant();
        return db.sql("""
                        update gateway.webhook_endpoint
                           set previous_secret = secret, previous_secret_until = :until, secret = :secret, updated_at = :now
                         where id = :id""")
                .bind("id", id).bind("secret", secret).bind("until", now.plus(overlap)).bind("now", now)
                .fetch().rowsUpdated()
                .flatMap(updated -> updated == 1 ? Mono.just(new Rotated(secret, now.plus(overlap))) : Mono.error(new UnknownWebhook()));
    }

    /** The enabled endpoints' ids. */
    Flux<Long> enabled() {
        return db.sql("select id from gateway.webhook_endpoint where enabled order by id").map(row -> row.get("id", Long.class)).all();
    }

    Mono<Target> target(long id) {
        return db.sql("select url, secret, previous_secret, previous_secret_until from gateway.webhook_endpoint where id = :id")
                .bind("id", id)
                .map(row -> {
                    List<String> secrets = new ArrayList<>(List.of(row.get("secret", String.class)));
                    Instant until = row.get("previous_secret_until", Instant.class);
                    if (row.get("previous_secret", String.class) != null && until != null && until.isAfter(clock.instant())) {
                        secrets.add(row.get("previous_secret", String.class));
                    }
                    return new Target(id, URI.create(row.get("url", String.class)), List.copyOf(secrets));
                })
                .one();
    }

    Mono<Void> succeeded(long id) {
        return db.sql("update gateway.webhook_endpoint set last_success_at = :now where id = :id")
                .bind("id", id).bind("now", clock.instant()).then();
    }

    /**
     * Disables the endpoint when it has had no success for {@code after} (counting from its creation
     * or its re-enabling when it never succeeded since); emits whether this call disabled it.
     */
    Mono<Boolean> disableIfFailingFor(long id, Duration after) {
        Instant now = clock.instant();
        return db.sql("""
                        update gateway.webhook_endpoint
                           set enabled = false, disabled_at = :now, updated_at = :now, disabled_reason = :reason
                         where id = :id and enabled and greatest(coalesce(last_success_at, created_at), updated_at) < :since""")
                .bind("id", id).bind("now", now).bind("since", now.minus(after))
                .bind("reason", "no successful delivery for " + after.toDays() + " days")
                .fetch().rowsUpdated().map(updated -> updated == 1);
    }

    private Subscription subscription(Readable row) {
        Instant until = row.get("previous_secret_until", Instant.class);
        return new Subscription(row.get("id", Long.class), URI.create(row.get("url", String.class)), row.get("description", String.class),
                List.of(row.get("event_types", String[].class)), Boolean.TRUE.equals(row.get("enabled", Boolean.class)),
                row.get("created_by", String.class), row.get("created_at", Instant.class), row.get("updated_at", Instant.class),
                row.get("last_success_at", Instant.class), row.get("disabled_at", Instant.class), row.get("disabled_reason", String.class),
                until != null && until.isAfter(clock.instant()));
    }
}

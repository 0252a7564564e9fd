package io.yutang.content.score;

import io.yutang.content.LeadQualified;
import io.yutang.content.LeadQualifiedListener;
import io.yutang.content.lead.Leads;
import io.yutang.referral.Attribution;
import io.yutang.referral.ContactId;
import io.yutang.referral.ConversionClaim;
import io.yutang.referral.ConversionKind;
import io.yutang.referral.work.Backoff;
import io.yutang.referral.work.Claim;
import io.yutang.referral.work.PollingLoop;
import io.yutang.referral.work.QueueTable;
import io.yutang.referral.work.WorkQueue;
import io.yutang.referral.work.WorkState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Hands qualified leads ({@code content.qualified_lead}, a {@link WorkQueue}) to sales on every
 * instance: referral credits the qualified lead to the referrer and the owning advocate (the
 * {@code QUALIFIED_LEADS} board; once per contact, whatever the rule version) and, for a bound
 * employee, plans the rep's nudge with what the prospect did; then {@link LeadQualified} is published.
 */
@Component
class QualifiedLeads {

    static final QueueTable<WorkState> TABLE = QueueTable.of("content.qualified_lead", "id");
    private static final int BATCH = 50;
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(5), 2, Duration.ofMinutes(30), 20);

    private final WorkQueue<WorkState> queue;
    private final DatabaseClient db;
    private final Attribution attribution;
    private final Leads leads;
    private final ApplicationEventPublisher events;
    private final List<LeadQualifiedListener> listeners;
    private final Clock clock;

    QualifiedLeads(DatabaseClient db, Attribution attribution, Leads leads, ApplicationEventPublisher events,
            List<LeadQualifiedListener> listeners, Clock clock) {
        this.queue = new WorkQueue<>(db, TABLE, clock);
        this.db = db;
        this.attribution = attribution;
        this.leads = leads;
        this.events = events;
        this.listeners = listeners;
        this.clock = clock;
    }

    /** One batch; emits whether a full batch was taken. */
    Mono<Boolean> handOver() {
        return queue.claim(clock.instant(), BATCH, LEASE).collectList()
                .flatMap(claims -> Flux.fromIterable(claims).concatMap(this::handOver).then().thenReturn(claims.size() >= BATCH));
    }

    private Mono<Void> handOver(Claim claim) {
        return db.sql("select contact_id, rule_version, score, detail, qualified_at from content.qualified_lead where id = :id")
                .bind("id", claim.id())
                .map(row -> new LeadQualified(claim.id(), new ContactId(row.get("contact_id", Long.class)),
                        row.get("rule_version", Integer.class), row.get("score", Double.class), row.get("detail", String.class),
                        row.get("qualified_at", Instant.class)))
                .one()
                .flatMap(lead -> leads.lastAnswers(lead.contact()).defaultIfEmpty(Map.of())
                        .flatMap(answers -> attribution.converted(new ConversionClaim(lead.contact(), ConversionKind.QUALIFIED_LEAD,
                                "qualified:" + lead.contact().value(), lead.qualifiedAt(), null, null, null,
                                answers.get("name"), answers.get("company"), lead.detail())))
                        .then(Flux.fromIterable(listeners).concatMap(listener -> listener.qualified(lead)).then())
                        .then(Mono.fromRunnable(() -> events.publishEvent(lead))))
                .then(queue.finish(claim, WorkState.DONE, null))
                .then()
                .onErrorResume(failure -> queue.retry(claim, failure.getClass().getSimpleName() + ": " + failure.getMessage(), BACKOFF)
                        .then());
    }

    /** The queue, for its metrics. */
    @Bean
    WorkQueue<WorkState> qualifiedLeadQueue() {
        return queue;
    }

    /** The rounds, started and stopped with the application. */
    @Bean
    PollingLoop qualifiedLeadLoop() {
        return PollingLoop.draining("Qualified leads", INTERVAL, INTERVAL, this::handOver);
    }
}

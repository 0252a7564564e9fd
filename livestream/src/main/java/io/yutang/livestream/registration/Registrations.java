package io.yutang.livestream.registration;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import io.yutang.livestream.event.LiveEvent;
import io.yutang.livestream.event.LiveEvents;
import io.yutang.livestream.event.Waitlist;
import io.yutang.livestream.reminder.ReminderPlan;
import io.yutang.referral.Attribution;
import io.yutang.referral.ConsentPurpose;
import io.yutang.referral.Consents;
import io.yutang.referral.ContactId;
import io.yutang.referral.ConversionClaim;
import io.yutang.referral.ConversionKind;
import io.yutang.referral.TargetKind;
import io.yutang.referral.Viewer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registrations: one per (event, contact), whatever the page or the network retries. With a
 * capacity, registrants past it wait in order of registration and are promoted, and told, when a
 * place frees. Each confirmed registration plans its messages in the same transaction and is
 * credited by referral to whoever brought the registrant (the page's share token, else their last
 * touch); a credit that fails is retried by {@link CreditRetries}.
 */
@Service
public class Registrations implements Waitlist {

    private static final Logger log = LoggerFactory.getLogger(Registrations.class);
    private static final TypeReference<Map<String, String>> ANSWERS = new TypeReference<>() {
    };
    private static final String COLUMNS = """
            g.id, g.event_id, g.status, g.answers, g.registered_at, g.promoted_at, g.cancelled_at,
            case when g.status = 'WAITLISTED' then (select count(*) from livestream.registration w
                  where w.event_id = g.event_id and w.status = 'WAITLISTED'
                    and (w.queued_at, w.id) <= (g.queued_at, g.id)) end as position""";

    private final Consents consents;
    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final LiveEvents events;
    private final ReminderPlan plan;
    private final FormCheck check;
    private final Attribution attribution;
    private final JsonMapper json;
    private final Clock clock;

    Registrations(DatabaseClient db, TransactionalOperator transaction, LiveEvents events, ReminderPlan plan,
            FormCheck check, Attribution attribution, JsonMapper json, Clock clock, Consents consents) {
        this.consents = consents;
        this.db = db;
        this.transaction = transaction;
        this.events = events;
        this.plan = plan;
        this.check = check;
        this.attribution = attribution;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Registers the viewer, or gives back their registration when they already have one. A
     * cancelled registration is renewed, joining the end of the waitlist when the event is full
     * (or others already wait).
     */
    public Mono<Registration> register(long eventId, Viewer viewer, RegistrationForm form) {
        Instant now = clock.instant();
        return events.locked(eventId)
                .flatMap(event -> {
                    if (!event.status().takesRegistrations()) {
                        return Mono.error(new RegistrationClosed());
                    }
                    Map<String, String> answers = check.check(event, form);
                    return current(eventId, viewer.contact())
                            .filter(existing -> existing.status() != RegistrationStatus.CANCELLED)
                            .switchIfEmpty(Mono.defer(() -> insert(event, viewer, answers, form, now)
                                    .flatMap(registration -> remindersConsented(event, viewer, form, now).thenReturn(registration))));
                })
                .as(transaction::transactional)
                .flatMap(registration -> registration.status() == RegistrationStatus.REGISTERED
                        ? credit(registration.id()).thenReturn(registration) : Mono.just(registration));
    }

    /**
     * Registering with the event's consent text ticked is the person's consent to its reminders,
     * recorded in the ledger with that text (a withdrawal on 我的隐私 later stops them).
     */
    private Mono<Void> remindersConsented(LiveEvent event, Viewer viewer, RegistrationForm form, Instant now) {
        return event.consentText() == null || !form.consent() ? Mono.empty()
                : consents.give(viewer.contact(), ConsentPurpose.REMINDERS, event.consentText(), "page:/live/" + event.id(), now);
    }

    /** Cancels the viewer's registration; the first on the waitlist takes the place and is told. */
    public Mono<Registration> cancel(long eventId, Viewer viewer) {
        Instant now = clock.instant();
        List<Long> promoted = new ArrayList<>();
        return events.locked(eventId)
                .flatMap(event -> current(eventId, viewer.contact())
                        .switchIfEmpty(Mono.error(NotRegistered::new))
                        .flatMap(registration -> registration.status() == RegistrationStatus.CANCELLED ? Mono.just(registration)
                                : db.sql("""
                                                update livestream.registration set status = 'CANCELLED', cancelled_at = :now,
                                                       withdrawn_at = case when status = 'REGISTERED' then null else :now end,
                                                       updated_at = :now
                                                 where id = :id""")
                                        .bind("now", now).bind("id", registration.id()).then()
                                        .then(plan.cancelled(registration.id(), now))
                                        .then(registration.status() == RegistrationStatus.REGISTERED
                                                ? fill(event, now).doOnNext(promoted::addAll).then() : Mono.<Void>empty())
                                        .then(Mono.defer(() -> find(registration.id())))))
                .as(transaction::transactional)
                .flatMap(cancelled -> withdraw(cancelled.id()).then(promoted(promoted)).thenReturn(cancelled));
    }

    /** Promotes waitlisted registrants, longest waiting first, into the places the event has free. */
    @Override
    public Mono<List<Long>> fill(LiveEvent event, Instant now) {
        return db.sql("""
                        update livestream.registration set status = 'REGISTERED', promoted_at = :now, updated_at = :now
                         where id in (select id from livestream.registration
                                       where event_id = :event and status = 'WAITLISTED'
                                       order by queued_at, id
                                       limit case when :capacity::int is null then 2147483647
                                                  else greatest(0, :capacity::int - (select count(*) from livestream.registration
                                                       where event_id = :event and status = 'REGISTERED')) end)
                        returning id, round""")
                .bind("event", event.id())
                .bind("now", now)
                .bind("capacity", Parameter.fromOrEmpty(event.capacity(), Integer.class))
                .map(row -> new long[] {row.get("id", Long.class), row.get("round", Integer.class)})
                .all()
                .concatMap(promoted -> plan.registered(promoted[0], (int) promoted[1], true, event.startsAt(),
                        event.reminderOffsets(), now).thenReturn(promoted[0]))
                .collectList();
    }

    @Override
    public Mono<Void> promoted(List<Long> registrationIds) {
        return Flux.fromIterable(registrationIds).concatMap(this::credit).then();
    }

    /** The viewer's registration for the event, if any. */
    public Mono<Registration> current(long eventId, ContactId contact) {
        return db.sql("select " + COLUMNS + " from livestream.registration g where g.event_id = :event and g.contact_id = :contact")
                .bind("event", eventId)
                .bind("contact", contact.value())
                .map(this::registration)
                .one();
    }

    /** What this contact answered last time they registered for anything, to prefill the form. */
    public Mono<Map<String, String>> lastAnswers(ContactId contact) {
        return db.sql("select answers from livestream.registration where contact_id = :contact order by updated_at desc limit 1")
                .bind("contact", contact.value())
                .map(row -> json.readValue(row.get("answers", Json.class).asString(), ANSWERS))
                .one();
    }

    /**
     * The key referral knows this round of the registration by: {@code registration:<id>} for the
     * first, {@code registration:<id>:<round>} for a renewal after a cancellation, so a renewal is
     * a conversion of its own (the cancelled round's credit stays reversed).
     */
    public static String sourceKey(long registrationId, int round) {
        return round <= 1 ? "registration:" + registrationId : "registration:" + registrationId + ":" + round;
    }

    /**
     * Asks referral to credit a confirmed registration; idempotent on the registration's round.
     * When the round was cancelled meanwhile, the credit just made is withdrawn again.
     */
    Mono<Void> credit(long registrationId) {
        return db.sql("""
                        select contact_id, event_id, share_token, round, answers, coalesce(promoted_at, registered_at) as at
                          from livestream.registration where id = :id""")
                .bind("id", registrationId)
                .map(row -> {
                    Map<String, String> answers = json.readValue(row.get("answers", Json.class).asString(), ANSWERS);
                    return new Object[] {new ConversionClaim(new ContactId(row.get("contact_id", Long.class)),
                            ConversionKind.REGISTRATION, sourceKey(registrationId, row.get("round", Integer.class)),
                            row.get("at", Instant.class), TargetKind.LIVE_EVENT, String.valueOf(row.get("event_id", Long.class)),
                            row.get("share_token", String.class), answers.get("name"), answers.get("company"))
                            .reachableAt(answers.get("phone"), answers.get("email")),
                            row.get("round", Integer.class)};
                })
                .one()
                .flatMap(found -> attribution.converted((ConversionClaim) found[0])
                        .then(db.sql("""
                                        update livestream.registration set attributed_at = :now
                                         where id = :id and round = :round and status = 'REGISTERED'""")
                                .bind("now", clock.instant()).bind("id", registrationId).bind("round", found[1])
                                .fetch().rowsUpdated())
                        .flatMap(updated -> updated > 0 ? Mono.<Void>empty() : db.sql("""
                                        update livestream.registration set withdrawn_at = null
                                         where id = :id and round = :round and status = 'CANCELLED'""")
                                .bind("id", registrationId).bind("round", found[1]).then()
                                .then(withdraw(registrationId))))
                .onErrorResume(failure -> {
                    log.warn("Registration {} not credited yet; retried later", registrationId, failure);
                    return triedAt(registrationId);
                });
    }

    /**
     * Asks referral to withdraw a cancelled registration's credit (the board moves back); a
     * withdrawal that fails is retried by {@link CreditRetries} ({@code withdrawn_at} is null).
     */
    Mono<Void> withdraw(long registrationId) {
        return db.sql("""
                        select round, cancelled_at from livestream.registration
                         where id = :id and status = 'CANCELLED' and withdrawn_at is null""")
                .bind("id", registrationId)
                .map(row -> new Object[] {row.get("round", Integer.class), row.get("cancelled_at", Instant.class)})
                .one()
                .flatMap(found -> attribution.withdrawn(sourceKey(registrationId, (Integer) found[0]), (Instant) found[1])
                        .then(db.sql("""
                                        update livestream.registration set withdrawn_at = :now
                                         where id = :id and round = :round and status = 'CANCELLED'""")
                                .bind("now", clock.instant()).bind("id", registrationId).bind("round", found[0]).then()))
                .onErrorResume(failure -> {
                    log.warn("Registration {}'s credit not withdrawn yet; retried later", registrationId, failure);
                    return triedAt(registrationId);
                });
    }

    private Mono<Void> triedAt(long registrationId) {
        return db.sql("update livestream.registration set credit_tried_at = :now where id = :id")
                .bind("now", clock.instant()).bind("id", registrationId).then()
                .onErrorResume(unavailable -> Mono.empty());
    }

    private Mono<Registration> insert(LiveEvent event, Viewer viewer, Map<String, String> answers, RegistrationForm form,
            Instant now) {
        return db.sql("""
                        select count(*) filter (where status = 'REGISTERED') as registered,
                               count(*) filter (where status = 'WAITLISTED') as waiting
                          from livestream.registration where event_id = :event""")
                .bind("event", event.id())
                .map(row -> row.get("registered", Long.class) >= (event.capacity() == null ? Long.MAX_VALUE : event.capacity())
                        || event.capacity() != null && row.get("waiting", Long.class) > 0)
                .one()
                .flatMap(full -> db.sql("""
                                insert into livestream.registration (event_id, contact_id, app_id, openid, status, answers,
                                       consented_at, share_token, queued_at, registered_at, updated_at)
                                values (:event, :contact, :appId, :openid, :status, :answers, :consented, :token, :now, :now, :now)
                                on conflict (event_id, contact_id) do update
                                   set status = excluded.status, answers = excluded.answers, consented_at = excluded.consented_at,
                                       share_token = coalesce(excluded.share_token, livestream.registration.share_token),
                                       queued_at = excluded.queued_at, registered_at = excluded.registered_at,
                                       promoted_at = null, cancelled_at = null, attributed_at = null, withdrawn_at = null,
                                       round = livestream.registration.round + 1, updated_at = excluded.updated_at
                                returning id, round""")
                        .bind("event", event.id())
                        .bind("contact", viewer.contact().value())
                        .bind("appId", viewer.user().appId())
                        .bind("openid", viewer.user().openid())
                        .bind("status", full ? "WAITLISTED" : "REGISTERED")
                        .bind("answers", Json.of(json.writeValueAsString(answers)))
                        .bind("consented", Parameter.fromOrEmpty(form.consent() ? now : null, Instant.class))
                        .bind("token", Parameter.fromOrEmpty(form.shareToken(), String.class))
                        .bind("now", now)
                        .map(row -> new long[] {row.get("id", Long.class), row.get("round", Integer.class)})
                        .one()
                        .flatMap(saved -> (full ? plan.waitlisted(saved[0], (int) saved[1], now)
                                : plan.registered(saved[0], (int) saved[1], false, event.startsAt(), event.reminderOffsets(), now))
                                .then(find(saved[0]))));
    }

    private Mono<Registration> find(long id) {
        return db.sql("select " + COLUMNS + " from livestream.registration g where g.id = :id").bind("id", id)
                .map(this::registration).one();
    }

    private Registration registration(Readable row) {
        Long position = row.get("position", Long.class);
        return new Registration(row.get("id", Long.class), row.get("event_id", Long.class),
                RegistrationStatus.valueOf(row.get("status", String.class)),
                json.readValue(row.get("answers", Json.class).asString(), ANSWERS),
                row.get("registered_at", Instant.class), row.get("promoted_at", Instant.class),
                row.get("cancelled_at", Instant.class), position == null ? null : position.intValue());
    }
}

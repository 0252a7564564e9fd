package io.yutang.livestream.reminder;

import io.yutang.livestream.Channel;
import io.yutang.livestream.ChannelBusy;
import io.yutang.livestream.ChannelRefused;
import io.yutang.livestream.LivestreamProperties;
import io.yutang.livestream.ReminderChannel;
import io.yutang.livestream.ReminderMessage;
import io.yutang.livestream.SmsSender;
import io.yutang.referral.WeChatUser;
import io.yutang.referral.work.Backoff;
import io.yutang.referral.work.Claim;
import io.yutang.referral.work.Column;
import io.yutang.referral.work.PollingLoop;
import io.yutang.referral.work.QueueTable;
import io.yutang.referral.work.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataAccessException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import io.yutang.referral.ConsentPurpose;
import io.yutang.referral.Consents;
import io.yutang.referral.ContactId;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends due messages on every instance, safely with many: a round claims a batch of due rows of
 * {@code livestream.reminder} (a {@link WorkQueue}: {@code PENDING → SENDING} under a lease and a
 * fence), sends each through the first channel that reaches the registrant ({@link ChannelChoice}),
 * and records it {@code SENT}, {@code LOGGED} (the SMS port only wrote it to the log),
 * {@code SKIPPED} (no channel reaches them) or, after repeated failures, {@code FAILED}, always
 * with the reason. A row whose lease ran out (its instance crashed between WeChat's answer and the
 * update) is taken over: a template message is sent again with the same {@code client_msg_id},
 * which WeChat delivers once; a channel without such a key is not resent, and the row is recorded
 * failed with the reason, rather than risk a duplicate.
 */
@Component
class ReminderDispatcher {

    private static final Logger log = LoggerFactory.getLogger(ReminderDispatcher.class);
    private static final Duration STORE_OUTAGE_WAIT = Duration.ofSeconds(5);
    private static final QueueTable<ReminderState> TABLE = QueueTable.of("livestream.reminder", "id",
            ReminderState.PENDING, ReminderState.SENDING, ReminderState.FAILED).touching("updated_at");
    /** The reason a message is skipped for a consent the person withdrew, followed by the purpose. */
    static final String CONSENT_WITHDRAWN = "consent withdrawn: ";
    static final String LOGGED_ONLY = "no SMS provider configured; written to the log only";

    private final ReminderChannel wechat;
    private final SmsSender sms;
    private final ReminderTexts texts;
    private final SendRate rate;
    private final LivestreamProperties properties;
    private final Clock clock;
    private final WorkQueue<ReminderState> queue;
    private final DueReminders dues;
    private final ConsentedPhone phones;
    private final ChannelChoice choice;
    private final Backoff backoff;
    private final Consents consents;

    ReminderDispatcher(DatabaseClient db, ReminderChannel wechat, SmsSender sms, ReminderTexts texts, SendRate rate,
            LivestreamProperties properties, JsonMapper json, Clock clock, Consents consents) {
        this.consents = consents;
        this.wechat = wechat;
        this.sms = sms;
        this.texts = texts;
        this.rate = rate;
        this.properties = properties;
        this.clock = clock;
        this.queue = new WorkQueue<>(db, TABLE, clock);
        this.dues = new DueReminders(db);
        this.phones = new ConsentedPhone(json);
        this.choice = new ChannelChoice(wechat, phones);
        this.backoff = new Backoff(Duration.ofSeconds(5), 2, Duration.ofMinutes(10), properties.sendAttempts());
    }

    /** Rounds until nothing is due. */
    Mono<Void> drain() {
        return round(clock.instant())
                .expand(taken -> taken < properties.dispatchBatch() ? Mono.empty() : round(clock.instant()))
                .then();
    }

    /**
     * One round: claims up to a batch of due messages and sends them; emits how many it took.
     * Followers are looked up once for the batch, and template messages sent are recorded together
     * at the end of the round (a crash before that only makes WeChat see their keys again).
     */
    Mono<Integer> round(Instant now) {
        return queue.claim(now, properties.dispatchBatch(), properties.sendLease()).collectList().flatMap(claims -> claims.isEmpty()
                ? Mono.just(0)
                : dues.of(claims).collectList().flatMap(batch -> Mono.zip(choice.followers(batch),
                        consents.withdrawals(batch.stream().map(Due::contact).toList())).flatMap(found -> {
                    Round round = new Round(found.getT1(), found.getT2(), new ConcurrentLinkedQueue<>());
                    return Flux.fromIterable(batch)
                            .flatMap(due -> deliver(due, round).onErrorResume(failure -> {
                                log.warn("Reminder {} could not be recorded; its lease will run out and it is taken over", due.id(),
                                        failure);
                                return Mono.empty();
                            }), properties.dispatchConcurrency())
                            .then(Mono.defer(() -> queue.finishAll(round.sent(), ReminderState.SENT,
                                    Column.of("channel", Channel.TEMPLATE.name()), Column.of("sent_at", clock.instant()))))
                            .thenReturn(claims.size());
                })));
    }

    /** What one round shares: who follows, who withdrew which consent, and which template messages went out. */
    private record Round(Set<WeChatUser> followers, Map<ContactId, Set<ConsentPurpose>> withdrawn, Queue<Claim> sent) {

        boolean withdrew(Due due, ConsentPurpose purpose) {
            return withdrawn.getOrDefault(due.contact(), Set.of()).contains(purpose);
        }
    }

    private Mono<Void> deliver(Due due, Round round) {
        if (due.cancelled()) {
            return finish(due, ReminderState.SKIPPED, null, "cancelled");
        }
        if (round.withdrew(due, ConsentPurpose.REMINDERS)) {
            return finish(due, ReminderState.SKIPPED, null, CONSENT_WITHDRAWN + ConsentPurpose.REMINDERS);
        }
        if (due.recovered() && due.channel() != null && !ChannelChoice.resendable(due.channel())) {
            return queue.giveUp(due.claim(), "interrupted while sending by " + due.channel()
                    + "; not resent, as that channel cannot tell a resend from a new message");
        }
        ReminderMessage message = texts.compose(due);
        return attempt(due, message, round, ChannelChoice.order(due), 0, new ArrayList<>())
                .onErrorResume(failure -> !(failure instanceof ChannelRefused), failure -> retryLater(due, failure));
    }

    private Mono<Void> attempt(Due due, ReminderMessage message, Round round, List<Channel> order, int index,
            List<String> refusals) {
        if (index == order.size()) {
            return finish(due, ReminderState.SKIPPED, null, refusals.isEmpty() ? "no channel" : String.join("; ", refusals));
        }
        Channel channel = order.get(index);
        Mono<Void> next = Mono.defer(() -> attempt(due, message, round, order, index + 1, refusals));
        if (channel == Channel.SMS && round.withdrew(due, ConsentPurpose.SMS)) {
            refusals.add(channel + ": " + CONSENT_WITHDRAWN + ConsentPurpose.SMS);
            return next;
        }
        return choice.refusal(due, channel, round.followers())
                .map(refusal -> {
                    refusals.add(refusal);
                    return next;
                })
                .switchIfEmpty(Mono.fromSupplier(() -> hold(due, channel).flatMap(held -> !held ? Mono.<Void>empty()
                        : send(due, message, channel, round).onErrorResume(ChannelRefused.class, refused -> {
                            refusals.add(channel + ": " + refused.reason());
                            return next;
                        }))))
                .flatMap(step -> step);
    }

    private Mono<Void> send(Due due, ReminderMessage message, Channel channel, Round round) {
        if (channel == Channel.SMS) {
            String phone = phones.of(due).orElseThrow();
            return Mono.defer(() -> sms.send(phone, message.text(), message.key()))
                    .then(Mono.defer(() -> sms.delivers() ? finish(due, ReminderState.SENT, channel, null)
                            : finish(due, ReminderState.LOGGED, channel, LOGGED_ONLY)));
        }
        return rate.permit()
                .then(Mono.defer(() -> wechat.send(channel, message)))
                .then(Mono.defer(() -> channel == Channel.TEMPLATE ? Mono.fromRunnable(() -> round.sent().add(due.claim()))
                        : finish(due, ReminderState.SENT, channel, null)))
                .onErrorResume(failure -> !(failure instanceof ChannelRefused) && !(failure instanceof ChannelBusy)
                        && !ChannelChoice.resendable(channel), failure -> queue.giveUp(due.claim(), "no answer from " + channel
                        + " (" + failure.getClass().getSimpleName() + "); not resent, as that channel cannot tell a"
                        + " resend from a new message", Column.of("channel", channel.name())));
    }

    /**
     * Makes sure this instance still holds the row before a send that WeChat cannot deduplicate,
     * recording the channel (so a take-over knows not to resend) and renewing the lease; emits
     * false when another instance took the row over. A template message needs neither: a resend
     * carries the same {@code client_msg_id}.
     */
    private Mono<Boolean> hold(Due due, Channel channel) {
        return channel == Channel.TEMPLATE ? Mono.just(true)
                : queue.renew(due.claim(), properties.sendLease(), Column.of("channel", channel.name()));
    }

    private Mono<Void> retryLater(Due due, Throwable failure) {
        String reason = failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        if (ourStoreFailed(failure)) {
            return queue.postponeAll(List.of(due.claim()), clock.instant().plus(STORE_OUTAGE_WAIT), "waiting for our store: " + reason);
        }
        return queue.retry(due.claim(), reason, backoff).then();
    }

    /**
     * Redis or PostgreSQL failed under the send (WxJava keeps the access token in Redis): the
     * message is not at fault, so it waits without spending one of its attempts. The fault suite
     * saw 64 of 160 reminders given up after 6 attempts when WeChat's API failed for a minute and,
     * a little later, Redis was down for a minute and a half.
     */
    private static boolean ourStoreFailed(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessException) {
                return true;
            }
        }
        return false;
    }

    /** Records the outcome, unless another instance took the row over meanwhile. */
    private Mono<Void> finish(Due due, ReminderState state, Channel channel, String reason) {
        return queue.finish(due.claim(), state, reason,
                Column.nullable("channel", channel == null ? null : channel.name(), String.class),
                Column.nullable("sent_at", state == ReminderState.SENT ? clock.instant() : null, Instant.class)).then();
    }

    /** The queue, for its metrics. */
    @Bean
    WorkQueue<ReminderState> reminderQueue() {
        return queue;
    }

    /** The rounds, started and stopped with the application. */
    @Bean
    PollingLoop reminderDispatchLoop() {
        return PollingLoop.draining("Reminder dispatch", properties.dispatchPollInterval(), properties.dispatchPollInterval(),
                () -> round(clock.instant()).map(taken -> taken >= properties.dispatchBatch()));
    }
}

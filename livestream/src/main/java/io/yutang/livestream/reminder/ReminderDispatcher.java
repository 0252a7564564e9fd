package io.yutang.livestream.reminder;

import io.yutang.livestream.Channel;
import io.yutang.livestream.ChannelBusy;
import io.yutang.livestream.ChannelRefused;
import io.yutang.livestream.LivestreamProperties;
import io.yutang.livestream.ReminderChannel;
import io.yutang.livestream.ReminderMessage;
import io.yutang.livestream.SmsSender;
import io.yutang.referral.work.PollingLoop;
import io.yutang.referral.WeChatUser;
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
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends due messages on every instance, safely with many: a round takes a batch of due rows
 * ({@code FOR UPDATE SKIP LOCKED}, so instances never take the same row) and marks them
 * {@code SENDING} under a lease; each is sent through the first channel of the event's list that
 * reaches the registrant, then recorded {@code SENT}, {@code SKIPPED} (no channel reaches them) or,
 * after repeated failures, {@code FAILED}, always with the reason. A row whose lease ran out (its
 * instance crashed between WeChat's answer and the update) is taken over: a template message is
 * sent again with the same {@code client_msg_id}, which WeChat delivers once; a channel without
 * such a key is not resent, and the row is recorded failed with the reason, rather than risk a
 * duplicate.
 */
@Component
class ReminderDispatcher {

    private static final Logger log = LoggerFactory.getLogger(ReminderDispatcher.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
    private static final Duration LONGEST_BACKOFF = Duration.ofMinutes(10);

    private final DatabaseClient db;
    private final ReminderChannel wechat;
    private final SmsSender sms;
    private final ReminderTexts texts;
    private final SendRate rate;
    private final LivestreamProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    ReminderDispatcher(DatabaseClient db, ReminderChannel wechat, SmsSender sms, ReminderTexts texts, SendRate rate,
            LivestreamProperties properties, JsonMapper json, Clock clock) {
        this.db = db;
        this.wechat = wechat;
        this.sms = sms;
        this.texts = texts;
        this.rate = rate;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /** Rounds until nothing is due. */
    Mono<Void> drain() {
        return round(clock.instant())
                .expand(sent -> sent < properties.dispatchBatch() ? Mono.empty() : round(clock.instant()))
                .then();
    }

    /**
     * One round: takes up to a batch of due messages and sends them; emits how many it took.
     * Followers are looked up once for the batch, and template messages sent are recorded together
     * at the end of the round (a crash before that only makes WeChat see their keys again).
     */
    Mono<Integer> round(Instant now) {
        return claim(now).collectList().flatMap(batch -> {
            if (batch.isEmpty()) {
                return Mono.just(0);
            }
            List<WeChatUser> templated = batch.stream().filter(due -> due.channels().contains(Channel.TEMPLATE))
                    .map(due -> new WeChatUser(due.appId(), due.openid())).distinct().toList();
            Mono<Set<WeChatUser>> followers = templated.isEmpty() ? Mono.just(Set.of())
                    : wechat.reachable(Channel.TEMPLATE, templated, null);
            return followers.flatMap(reached -> {
                Round round = new Round(reached, new ConcurrentLinkedQueue<>());
                return Flux.fromIterable(batch)
                        .flatMap(due -> deliver(due, round, now).onErrorResume(failure -> {
                            log.warn("Reminder {} could not be recorded; its lease will run out and it is taken over", due.id(), failure);
                            return Mono.empty();
                        }), properties.dispatchConcurrency())
                        .then(Mono.defer(() -> sentByTemplate(round.sent(), clock.instant())))
                        .thenReturn(batch.size());
            });
        });
    }

    /** What one round shares: who follows, and which template messages went out. */
    private record Round(Set<WeChatUser> followers, Queue<Due> sent) {
    }

    private Flux<Due> claim(Instant now) {
        return db.sql("""
                        with pending as (
                            select id, state as was from livestream.reminder
                             where state = 'PENDING' and due_at <= :now
                             order by due_at
                             limit :batch
                             for update skip locked),
                        stalled as (
                            select id, state as was from livestream.reminder
                             where state = 'SENDING' and leased_until < :now
                             limit :batch
                             for update skip locked),
                        due as (select * from pending union all select * from stalled)
                        update livestream.reminder r
                           set state = 'SENDING', leased_until = :lease, attempts = r.attempts + 1, fence = r.fence + 1,
                               updated_at = :now
                          from due, livestream.registration g, livestream.live_event e
                         where r.id = due.id and g.id = r.registration_id and e.id = g.event_id
                        returning r.id, r.registration_id, r.purpose, r.offset_seconds, r.generation, r.channel, r.attempts, r.fence,
                                  due.was, g.app_id, g.openid, g.answers, g.consented_at, g.status as registration_status, e.id as event_id,
                                  e.title, e.starts_at, e.channels, e.template_id, e.subscribe_template_id,
                                  e.replay_url, e.survey_url""")
                .bind("now", now)
                .bind("lease", now.plus(properties.sendLease()))
                .bind("batch", properties.dispatchBatch())
                .map(Due::of)
                .all();
    }

    private Mono<Void> deliver(Due due, Round round, Instant now) {
        if (due.cancelled()) {
            return finish(due, "SKIPPED", null, "cancelled", now);
        }
        if (due.recovered() && due.channel() != null && !resendable(due.channel())) {
            return finish(due, "FAILED", due.channel(), "interrupted while sending by " + due.channel()
                    + "; not resent, as that channel cannot tell a resend from a new message", now);
        }
        ReminderMessage message = texts.compose(due);
        List<Channel> order = new ArrayList<>(due.channels());
        if (due.recovered() && due.channel() != null) {
            order.remove(due.channel());
            order.add(0, due.channel());
        }
        return attempt(due, message, round, order, 0, new ArrayList<>(), now)
                .onErrorResume(failure -> !(failure instanceof ChannelRefused), failure -> retryLater(due, failure, now));
    }

    private Mono<Void> attempt(Due due, ReminderMessage message, Round round, List<Channel> order, int index,
            List<String> refusals, Instant now) {
        if (index == order.size()) {
            return finish(due, "SKIPPED", null, refusals.isEmpty() ? "no channel" : String.join("; ", refusals), now);
        }
        Channel channel = order.get(index);
        Mono<Void> next = Mono.defer(() -> attempt(due, message, round, order, index + 1, refusals, now));
        if (channel == Channel.SMS) {
            String phone = consentedPhone(due);
            if (phone == null) {
                refusals.add("SMS: no phone given with consent");
                return next;
            }
            return hold(due, channel).flatMap(held -> !held ? Mono.<Void>empty()
                    : Mono.defer(() -> sms.send(phone, message.text(), message.key()))
                            .then(Mono.defer(() -> finish(due, "SENT", channel, null, clock.instant()))));
        }
        Mono<Boolean> reaches = channel == Channel.TEMPLATE ? Mono.just(round.followers().contains(message.user()))
                : wechat.reaches(channel, message.user(), due.subscribeTemplateId());
        return reaches.flatMap(reached -> {
            if (!reached) {
                refusals.add(channel + ": " + unreachable(channel));
                return next;
            }
            Mono<Void> sent = rate.permit()
                    .then(Mono.defer(() -> wechat.send(channel, message)))
                    .then(Mono.defer(() -> channel == Channel.TEMPLATE ? Mono.fromRunnable(() -> round.sent().add(due))
                            : finish(due, "SENT", channel, null, clock.instant())))
                    .onErrorResume(failure -> !(failure instanceof ChannelRefused) && !(failure instanceof ChannelBusy)
                            && !resendable(channel), failure -> finish(due, "FAILED", channel, "no answer from " + channel
                            + " (" + failure.getClass().getSimpleName() + "); not resent, as that channel cannot tell a"
                            + " resend from a new message", clock.instant()));
            return hold(due, channel).flatMap(held -> !held ? Mono.<Void>empty()
                    : sent.onErrorResume(ChannelRefused.class, refused -> {
                        refusals.add(channel + ": " + refused.reason());
                        return next;
                    }));
        });
    }

    /** Channels whose resend carries the same key and is delivered once: WeChat's template messages, and SMS by the port's contract. */
    private static boolean resendable(Channel channel) {
        return channel == Channel.TEMPLATE || channel == Channel.SMS;
    }

    private static String unreachable(Channel channel) {
        return switch (channel) {
            case TEMPLATE -> "not a follower";
            case SUBSCRIPTION -> "no unused subscription grant";
            case CUSTOMER_SERVICE -> "no interaction within 48 hours";
            case SMS -> "no phone";
        };
    }

    private String consentedPhone(Due due) {
        JsonNode answers = json.readTree(due.answers());
        JsonNode phone = answers.get("phone");
        return phone == null || phone.isNull() || phone.asString().isBlank() || !due.consented()
                ? null : phone.asString();
    }

    /**
     * Makes sure this instance still holds the row before a send that WeChat cannot deduplicate,
     * recording the channel (so a take-over knows not to resend) and renewing the lease; emits
     * false when another instance took the row over. A template message needs neither: a resend
     * carries the same {@code client_msg_id}.
     */
    private Mono<Boolean> hold(Due due, Channel channel) {
        if (channel == Channel.TEMPLATE) {
            return Mono.just(true);
        }
        Instant at = clock.instant();
        return db.sql("""
                        update livestream.reminder set channel = :channel, leased_until = :lease
                         where id = :id and state = 'SENDING' and fence = :fence and leased_until > :now""")
                .bind("channel", channel.name())
                .bind("lease", at.plus(properties.sendLease()))
                .bind("id", due.id())
                .bind("fence", due.fence())
                .bind("now", at)
                .fetch().rowsUpdated()
                .map(updated -> updated > 0);
    }

    private Mono<Void> retryLater(Due due, Throwable failure, Instant now) {
        String reason = failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        if (due.attempts() >= properties.sendAttempts()) {
            return finish(due, "FAILED", due.channel(), "gave up after " + due.attempts() + " attempts: " + reason, now);
        }
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(due.attempts() - 1, 10));
        Instant later = now.plus(backoff.compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : backoff);
        return db.sql("""
                        update livestream.reminder set state = 'PENDING', due_at = :later, leased_until = null, reason = :reason,
                               updated_at = :now
                         where id = :id and state = 'SENDING' and fence = :fence""")
                .bind("later", later)
                .bind("reason", truncate(reason))
                .bind("now", now)
                .bind("id", due.id())
                .bind("fence", due.fence())
                .then();
    }

    /** Records template messages sent in one statement, each unless another instance took its row over. */
    private Mono<Void> sentByTemplate(Queue<Due> sent, Instant now) {
        if (sent.isEmpty()) {
            return Mono.empty();
        }
        List<Due> rows = List.copyOf(sent);
        return db.sql("""
                        update livestream.reminder r set state = 'SENT', channel = 'TEMPLATE', reason = null, sent_at = :now,
                               leased_until = null, updated_at = :now
                          from unnest(:ids::bigint[], :fences::bigint[]) as s(id, fence)
                         where r.id = s.id and r.state = 'SENDING' and r.fence = s.fence""")
                .bind("now", now)
                .bind("ids", rows.stream().map(Due::id).toArray(Long[]::new))
                .bind("fences", rows.stream().map(Due::fence).toArray(Long[]::new))
                .then();
    }

    /** Records the outcome, unless another instance took the row over meanwhile. */
    private Mono<Void> finish(Due due, String state, Channel channel, String reason, Instant now) {
        return db.sql("""
                        update livestream.reminder set state = :state, channel = :channel, reason = :reason,
                               sent_at = case when :state = 'SENT' then :now end, leased_until = null, updated_at = :now
                         where id = :id and state = 'SENDING' and fence = :fence""")
                .bind("state", state)
                .bind("channel", Parameter.fromOrEmpty(channel == null ? null : channel.name(), String.class))
                .bind("reason", Parameter.fromOrEmpty(reason == null ? null : truncate(reason), String.class))
                .bind("now", now)
                .bind("id", due.id())
                .bind("fence", due.fence())
                .then();
    }

    private static String truncate(String reason) {
        return reason.length() <= 500 ? reason : reason.substring(0, 500);
    }

    /** The rounds, started and stopped with the application. */
    @Bean
    PollingLoop reminderDispatchLoop() {
        return PollingLoop.draining("Reminder dispatch", properties.dispatchPollInterval(), properties.dispatchPollInterval(),
                () -> round(clock.instant()).map(taken -> taken >= properties.dispatchBatch()));
    }
}

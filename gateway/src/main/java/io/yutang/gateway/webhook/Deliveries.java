package io.yutang.gateway.webhook;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.yutang.referral.work.Claim;
import io.yutang.referral.work.PollingLoop;
import io.yutang.referral.work.QueueTable;
import io.yutang.referral.work.WorkQueue;
import io.yutang.referral.work.WorkState;
import io.yutang.referral.work.Column;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends due deliveries ({@code gateway.webhook_delivery}, a {@link WorkQueue}) on every instance.
 * Each endpoint is worked on its own, at most one batch at a time per instance (up to 16 requests in
 * flight), so a slow or failing endpoint never delays the others. A delivery is a POST of the message's body with the
 * Standard Webhooks headers ({@code webhook-id} stays the same across retries, so a receiver can
 * deduplicate), to the address {@link OutboundAddresses} checked. A 2xx answer ends it; anything
 * else is tried again after {@code retryWaits} (by default 5 s, 5 min, 30 min, 2 h, 5 h and then every
 * 10 h: 12 attempts over about three days), each wait stretched by up to a fifth at random, then given up. An endpoint that has
 * had no success for {@code disableAfter} is disabled and the log says so at ERROR.
 */
@Component
class Deliveries {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);
    private static final QueueTable<WorkState> TABLE = QueueTable.of("gateway.webhook_delivery", "id")
            .scopedBy("q.endpoint_id = :scope");
    /** Deliveries claimed at a time per endpoint and instance, and how many of them are in flight at once. */
    private static final int BATCH = 50;
    private static final int IN_FLIGHT = 16;

    private final WorkQueue<WorkState> queue;
    private final Subscriptions subscriptions;
    private final WebhookMessages messages;
    private final DeliveryAttempts attempts;
    private final OutboundAddresses addresses;
    private final WebhookSettings settings;
    private final Clock clock;
    private final HttpClient http;
    private final Set<Long> working = ConcurrentHashMap.newKeySet();

    Deliveries(DatabaseClient db, Subscriptions subscriptions, WebhookMessages messages, DeliveryAttempts attempts,
            OutboundAddresses addresses, WebhookSettings settings, Clock clock) {
        this.queue = new WorkQueue<>(db, TABLE, clock);
        this.subscriptions = subscriptions;
        this.messages = messages;
        this.attempts = attempts;
        this.addresses = addresses;
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.create(ConnectionProvider.builder("webhooks").maxConnections(256)
                        .pendingAcquireTimeout(settings.timeout()).build())
                .responseTimeout(settings.timeout())
                .followRedirect(false);
    }

    /** One round: starts a batch for every enabled endpoint this instance is not already working on. */
    Mono<Boolean> startDue() {
        return subscriptions.enabled()
                .filter(working::add)
                .doOnNext(endpoint -> drain(endpoint).doFinally(signal -> working.remove(endpoint))
                        .subscribe(null, failure -> log.warn("Webhook deliveries to endpoint {} failed: {}", endpoint, failure.toString())))
                .then(Mono.just(false));
    }

    /**
     * Due deliveries of one endpoint, a batch at a time, {@code IN_FLIGHT} of them at once, while
     * batches come back full. The endpoint's last success is written once per batch, at its first.
     */
    Mono<Void> drain(long endpoint) {
        Duration lease = settings.timeout().multipliedBy((BATCH + IN_FLIGHT - 1) / IN_FLIGHT + 2L);
        AtomicBoolean succeededOnce = new AtomicBoolean();
        return queue.claim(clock.instant(), BATCH, lease, endpoint)
                .flatMap(claim -> deliver(claim, succeededOnce).thenReturn(claim), IN_FLIGHT)
                .count()
                .flatMap(sent -> sent >= BATCH ? drain(endpoint) : Mono.empty());
    }

    private Mono<Void> deliver(Claim claim, AtomicBoolean succeededOnce) {
        return messages.forDelivery(claim.id())
                .flatMap(row -> subscriptions.target(Long.parseLong(row[0]))
                        .flatMap(target -> send(target, row[1], row[2])
                                .flatMap(outcome -> attempts.record(target.id(), row[1], outcome.status(), outcome.millis(),
                                                outcome.response(), outcome.error())
                                        .then(outcome.succeeded()
                                                ? (succeededOnce.compareAndSet(false, true) ? subscriptions.succeeded(target.id()) : Mono.<Void>empty())
                                                        .then(queue.finish(claim, WorkState.DONE, null, Column.of("done_at", clock.instant())).then())
                                                : retry(claim, target, outcome)))));
    }

    private Mono<Void> retry(Claim claim, Subscriptions.Target target, Outcome outcome) {
        String reason = outcome.status() == null ? outcome.error() : "HTTP " + outcome.status();
        List<Duration> waits = settings.retryWaits();
        Mono<Void> again = claim.attempts() > waits.size()
                ? queue.giveUp(claim, "gave up after " + claim.attempts() + " attempts: " + reason)
                : queue.retryAt(claim, reason, clock.instant().plus(jittered(waits.get(claim.attempts() - 1))));
        return again.then(subscriptions.disableIfFailingFor(target.id(), settings.disableAfter())
                .doOnNext(disabled -> {
                    if (disabled) {
                        log.error("Webhook endpoint {} ({}) disabled: no successful delivery for {}; an admin can enable it again"
                                + " (PUT /api/webhooks/{}), which resends what it missed", target.id(), target.url().getHost(),
                                settings.disableAfter(), target.id());
                    }
                })).then();
    }

    static Duration jittered(Duration wait) {
        return wait.plusMillis((long) (wait.toMillis() * 0.2 * ThreadLocalRandom.current().nextDouble()));
    }

    /** The outcome of one POST: a status and the start of the answer, or no answer and why. */
    record Outcome(Integer status, long millis, String response, String error) {

        boolean succeeded() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private Mono<Outcome> send(Subscriptions.Target target, String messageId, String body) {
        long timestamp = clock.instant().getEpochSecond();
        String signature = WebhookSignatures.sign(target.secrets(), messageId, timestamp, body);
        long started = System.nanoTime();
        URI url = target.url();
        return addresses.resolve(url)
                .flatMap(address -> http
                        .remoteAddress(() -> pinned(url, address))
                        .headers(headers -> headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                .set(HttpHeaderNames.USER_AGENT, "yutang-webhooks/1")
                                .set("webhook-id", messageId)
                                .set("webhook-timestamp", String.valueOf(timestamp))
                                .set("webhook-signature", signature))
                        .post()
                        .uri(url)
                        .send(ByteBufFlux.fromString(Mono.just(body), StandardCharsets.UTF_8, io.netty.buffer.ByteBufAllocator.DEFAULT))
                        .response((response, content) -> content.reduceWith(ByteArrayOutputStream::new, Deliveries::keepStart)
                                .defaultIfEmpty(new ByteArrayOutputStream())
                                .map(start -> new Outcome(response.status().code(), millisSince(started),
                                        start.toString(StandardCharsets.UTF_8), null)))
                        .next()
                        .timeout(settings.timeout().plusSeconds(1)))
                .onErrorResume(failure -> Mono.just(new Outcome(null, millisSince(started), null,
                        failure instanceof UnsafeWebhookUrl unsafe ? "refused: " + unsafe.getBody().getProperties().get("reason")
                                : failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage()))));
    }

    /** The checked address, carrying the URL's host name (for TLS's SNI and certificate check) without a second lookup. */
    private static InetSocketAddress pinned(URI url, InetSocketAddress checked) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(url.getHost(), checked.getAddress().getAddress()), checked.getPort());
        } catch (java.net.UnknownHostException e) {
            return checked;
        }
    }

    private static ByteArrayOutputStream keepStart(ByteArrayOutputStream kept, ByteBuf chunk) {
        int room = DeliveryAttempts.KEPT_RESPONSE * 4 - kept.size();
        if (room > 0) {
            byte[] bytes = new byte[Math.min(room, chunk.readableBytes())];
            chunk.readBytes(bytes);
            kept.writeBytes(bytes);
        }
        return kept;
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** The queue, for its metrics. */
    @Bean
    WorkQueue<WorkState> webhookDeliveryQueue() {
        return queue;
    }

    /** The rounds, started and stopped with the application. */
    @Bean
    PollingLoop webhookDeliveryLoop() {
        return PollingLoop.draining("Webhook deliveries", settings.pollInterval(), settings.pollInterval(), this::startDue);
    }
}

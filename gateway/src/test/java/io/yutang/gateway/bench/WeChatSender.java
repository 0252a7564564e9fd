package io.yutang.gateway.bench;

import io.yutang.gateway.GatewayProperties.EncryptionMode;
import io.yutang.gateway.TestAccount;
import io.yutang.gateway.sandbox.WeChatEvents;
import io.yutang.gateway.sandbox.WeChatServerSide;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Plays WeChat's server: pushes signed safe-mode {@code subscribe} events (each from a new openid,
 * through one share link's scene) at a steady rate, and like WeChat gives each delivery five
 * seconds; a delivery without an answer in time, or with an answer other than 200, is sent again
 * with the same body, at most three times. Every tenth event is delivered once more after its 200
 * (WeChat's answer lost on the way), so dedupe is tried in every scenario. The openid says which
 * scenario the event belongs to.
 */
final class WeChatSender implements AutoCloseable {

    static final Duration WECHAT_WAITS = Duration.ofSeconds(5);
    static final int RETRIES = 3;

    /** What became of one event: how often it was delivered, and whether any delivery got a 200. */
    static final class Fate {
        final long number;
        final AtomicLong deliveries = new AtomicLong();
        volatile boolean answered;
        volatile boolean finished;
        final List<Integer> statuses = new CopyOnWriteArrayList<>();

        Fate(long number) {
            this.number = number;
        }
    }

    private static boolean echoes(Fate fate) {
        return fate.number % 10 == 0;
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final WeChatServerSide wechat = new WeChatServerSide(TestAccount.APP_ID, TestAccount.TOKEN, TestAccount.AES_KEY,
            EncryptionMode.SAFE);
    private final String callback;
    private final String scene;
    private final String run;
    private final Map<String, Fate> fates = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile String phase = "warmup";
    private Disposable load;

    WeChatSender(String baseUrl, String scene, String run) {
        this.callback = baseUrl + "/wechat/callback?";
        this.scene = scene;
        this.run = run;
    }

    /** The openid prefix of a phase's events. */
    String prefix(String phase) {
        return "o-fault-" + run + "-" + phase + "-";
    }

    void start(int perSecond) {
        load = Flux.interval(Duration.ofNanos(1_000_000_000L / perSecond)).onBackpressureDrop()
                .subscribe(tick -> send(sequence.incrementAndGet()));
    }

    /** Events sent from now on belong to {@code phase}. */
    void phase(String phase) {
        this.phase = phase;
    }

    private void send(long number) {
        String openid = prefix(phase) + number;
        Fate fate = new Fate(number);
        fates.put(openid, fate);
        WeChatServerSide.SignedCallback signed = wechat.push(
                WeChatEvents.subscribe(TestAccount.GH_ID, openid, System.currentTimeMillis() / 1000, scene));
        deliver(signed, fate, 0);
    }

    private void deliver(WeChatServerSide.SignedCallback signed, Fate fate, int attempt) {
        long started = System.nanoTime();
        fate.deliveries.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(URI.create(callback + signed.query())).timeout(WECHAT_WAITS)
                .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString(signed.body())).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            int status = response == null ? 0 : response.statusCode();
            fate.statuses.add(status);
            if (status == 200 && !fate.answered && echoes(fate)) {
                // Every tenth event is delivered once more after its 200, as when WeChat's answer got lost on the way.
                fate.answered = true;
                deliver(signed, fate, RETRIES);
            } else if (status == 200) {
                fate.answered = true;
                fate.finished = true;
            } else if (attempt >= RETRIES) {
                fate.finished = true;
            } else {
                // WeChat tries again once its five seconds are up, whatever the failure was.
                Duration wait = WECHAT_WAITS.minusNanos(System.nanoTime() - started);
                Mono.delay(wait.isNegative() ? Duration.ZERO : wait, Schedulers.parallel())
                        .subscribe(tick -> deliver(signed, fate, attempt + 1));
            }
        });
    }

    /** Stops sending new events and waits until every sent one is answered or given up. */
    void stopAndSettle() {
        load.dispose();
        Flux.interval(Duration.ofMillis(200)).onBackpressureDrop()
                .filter(tick -> fates.values().stream().allMatch(f -> f.finished))
                .next().block(Duration.ofSeconds(60));
    }

    /** The events of one phase, by openid. */
    Map<String, Fate> sent(String phase) {
        String prefix = prefix(phase);
        Map<String, Fate> of = new java.util.HashMap<>();
        fates.forEach((openid, fate) -> {
            if (openid.startsWith(prefix)) {
                of.put(openid, fate);
            }
        });
        return of;
    }

    @Override
    public void close() {
        if (load != null) {
            load.dispose();
        }
    }
}

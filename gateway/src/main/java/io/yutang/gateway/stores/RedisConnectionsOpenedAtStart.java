package io.yutang.gateway.stores;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Opens the connection factory's two shared Redis connections (the blocking one WxJava's token
 * store uses, the reactive one of everything else) as the app starts, before it serves or polls.
 *
 * <p>Spring Data Redis opens a shared connection on first use, and waits for the connect while
 * holding the factory's lock. Opened lazily under load, that deadlocked an instance for good: a
 * WeChat call's thread opened the blocking connection (its first use came after a Redis Cluster
 * master had failed over) and waited, holding the lock, for a connect whose completion was due on
 * one of Lettuce's two I/O threads, while that thread, running a reactive chain that had just got a
 * Redis reply, waited for the same lock to take the reactive connection; the HTTP event loop then
 * blocked on the lock too. Once opened, a shared connection is never opened again (Lettuce
 * reconnects it in place), so opening both before any traffic leaves no such moment. If Redis does
 * not answer at start the app starts anyway (callbacks need no Redis) and the opening is retried
 * every second in the background until it succeeds.
 */
@Component
class RedisConnectionsOpenedAtStart implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RedisConnectionsOpenedAtStart.class);
    private static final Duration RETRY_EVERY = Duration.ofSeconds(1);

    private final LettuceConnectionFactory redis;
    private volatile boolean running;
    private volatile Disposable retrying;

    RedisConnectionsOpenedAtStart(LettuceConnectionFactory redis) {
        this.redis = redis;
    }

    @Override
    public void start() {
        running = true;
        try {
            open();
        } catch (RuntimeException unreachable) {
            log.warn("Redis does not answer at start ({}); its connections are opened as soon as it does", unreachable.toString());
            retrying = Mono.fromRunnable(this::open)
                    .subscribeOn(Schedulers.boundedElastic())
                    .retryWhen(Retry.fixedDelay(Long.MAX_VALUE, RETRY_EVERY))
                    .subscribe(done -> { }, failed -> log.error("Redis connections not opened", failed),
                            () -> log.info("Redis connections opened"));
        }
    }

    private void open() {
        redis.getConnection().close(); // a cluster connection when the factory is cluster-aware
        ReactiveRedisConnectionFactory reactive = redis;
        reactive.getReactiveConnection().close();
    }

    @Override
    public void stop() {
        running = false;
        Disposable pending = retrying;
        if (pending != null) {
            pending.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Right after the connection factory itself (phase 0), before the polling loops and the web server. */
    @Override
    public int getPhase() {
        return 1;
    }
}

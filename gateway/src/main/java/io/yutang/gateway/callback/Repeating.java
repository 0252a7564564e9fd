package io.yutang.gateway.callback;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A reactive step run again and again at a fixed interval, never two at once; a failed round is
 * logged and the next one tries again.
 */
final class Repeating {

    private final Duration every;
    private final Supplier<Mono<Void>> step;
    private final Logger log;
    private final String whenFailed;
    private volatile Disposable running;

    Repeating(Duration every, Supplier<Mono<Void>> step, Logger log, String whenFailed) {
        this.every = every;
        this.step = step;
        this.log = log;
        this.whenFailed = whenFailed;
    }

    void start() {
        running = Flux.interval(every)
                .onBackpressureDrop()
                .concatMap(tick -> step.get().onErrorResume(e -> {
                    log.warn(whenFailed, e);
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    void stop() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
        }
    }

    boolean isRunning() {
        Disposable current = running;
        return current != null && !current.isDisposed();
    }
}

package io.yutang.gateway.callback;

import io.yutang.referral.WeChatUser;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

/**
 * Applies stored events' effects right after they are stored, a bounded number at a time, off
 * the reply path. When more are waiting than {@link #MAX_WAITING} (an overload), new ones are
 * left to the sweeper, which finds them in the store: nothing is lost, it only takes longer.
 */
@Component
class EventHandling implements SmartLifecycle {

    static final int MAX_WAITING = 10_000;
    private static final int CONCURRENCY = 32;
    private static final Logger log = LoggerFactory.getLogger(EventHandling.class);

    private final EventRoutes routes;
    private final HandledMarks handledMarks;
    private final InboundEvents events;
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile FluxSink<Job> jobs;
    private volatile Disposable running;

    EventHandling(EventRoutes routes, HandledMarks handledMarks, InboundEvents events) {
        this.routes = routes;
        this.handledMarks = handledMarks;
        this.events = events;
    }

    /** Queues a freshly stored event for handling. */
    void submit(long id, String appId, InboundMessage message) {
        FluxSink<Job> sink = jobs;
        if (sink == null) {
            return;
        }
        if (waiting.incrementAndGet() > MAX_WAITING) {
            waiting.decrementAndGet();
            return;
        }
        sink.next(new Job(id, appId, message));
    }

    /** Applies one stored event; on success it is marked handled, on failure the error is kept. */
    Mono<Void> apply(long id, String appId, InboundMessage message) {
        return handle(id, appId, message)
                .onErrorResume(failure -> {
                    log.warn("Event {} failed; the sweeper retries it", id, failure);
                    return events.failed(id, failure).onErrorResume(e -> Mono.empty());
                });
    }

    /** Applies one stored event; on success it is marked handled, a failure is emitted. */
    Mono<Void> handle(long id, String appId, InboundMessage message) {
        return routes.handlerFor(message).apply(message, new WeChatUser(appId, message.openid()))
                .doOnSuccess(done -> handledMarks.add(id));
    }

    @Override
    public void start() {
        running = Flux.<Job>create(sink -> jobs = sink)
                .flatMap(job -> apply(job.id(), job.appId(), job.message())
                        .doFinally(signal -> waiting.decrementAndGet()), CONCURRENCY)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable subscription = running;
        jobs = null;
        if (subscription != null) {
            subscription.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable subscription = running;
        return subscription != null && !subscription.isDisposed();
    }

    private record Job(long id, String appId, InboundMessage message) {
    }
}

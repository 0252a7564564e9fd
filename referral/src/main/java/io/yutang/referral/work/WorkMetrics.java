package io.yutang.referral.work;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every {@link WorkQueue}'s figures as gauges tagged with the queue's name, sampled periodically:
 * {@code yutang.work.due}, {@code yutang.work.in.flight}, {@code yutang.work.failed} and
 * {@code yutang.work.oldest.due.age} (seconds the oldest due item has waited).
 */
@Component
public class WorkMetrics {

    private static final Duration INTERVAL = Duration.ofSeconds(15);

    private final List<WorkQueue<?>> queues;
    private final Clock clock;
    private final Map<String, QueueSample> samples = new ConcurrentHashMap<>();

    @Autowired
    WorkMetrics(ObjectProvider<WorkQueue<?>> queues, ObjectProvider<MeterRegistry> registry, Clock clock) {
        this(queues.orderedStream().toList(), registry.getIfAvailable(), clock);
    }

    /** Gauges for {@code queues} in {@code registry} (none when it is null), sampled with {@code clock}. */
    public WorkMetrics(List<WorkQueue<?>> queues, MeterRegistry registry, Clock clock) {
        this.queues = queues;
        this.clock = clock;
        for (WorkQueue<?> queue : queues) {
            samples.put(queue.name(), QueueSample.EMPTY);
            if (registry != null) {
                gauge(registry, "yutang.work.due", queue, QueueSample::due, null, "items due and not claimed");
                gauge(registry, "yutang.work.in.flight", queue, QueueSample::inFlight, null, "items claimed under a lease");
                gauge(registry, "yutang.work.failed", queue, QueueSample::failed, null, "items given up, each with its reason");
                gauge(registry, "yutang.work.oldest.due.age", queue, sample -> sample.oldestDue().toMillis() / 1000.0,
                        "seconds", "how long the oldest due item has waited");
            }
        }
    }

    private void gauge(MeterRegistry registry, String name, WorkQueue<?> queue, ToDoubleFunction<QueueSample> figure,
            String unit, String description) {
        Gauge.builder(name, samples, all -> figure.applyAsDouble(all.getOrDefault(queue.name(), QueueSample.EMPTY)))
                .tag("queue", queue.name())
                .baseUnit(unit)
                .description(description)
                .register(registry);
    }

    /** Samples every queue once. */
    public Mono<Void> refresh() {
        return Flux.fromIterable(queues)
                .concatMap(queue -> queue.sample(clock.instant()).doOnNext(sample -> samples.put(queue.name(), sample)))
                .then();
    }

    /** The sampling rounds, started and stopped with the application. */
    @Bean
    PollingLoop workMetricsLoop() {
        return new PollingLoop("Work metrics", INTERVAL, INTERVAL, this::refresh);
    }
}

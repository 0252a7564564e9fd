package io.yutang.gateway.http;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Limits on the public endpoints anyone can call many times (sign-in starts, share-link opens,
 * registrations, lead forms, reading beacons) and on the staff sign-in, per client address and
 * shared by every instance: token buckets in Redis (Bucket4j), refilled over a minute. A request
 * over its limit gets 429 problem+json with {@code Retry-After}. When Redis cannot be asked, the
 * request goes through: an outage must not lock everyone out.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class RateLimits implements WebFilter, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);
    private static final Duration PERIOD = Duration.ofMinutes(1);

    /** One limit: requests with this method on this path, at most {@code perMinute} a minute from one address. */
    record Rule(String name, HttpMethod method, PathPattern path, int perMinute) {
    }

    static final List<Rule> RULES = List.of(
            rule("sign-in-start", HttpMethod.GET, "/wechat/oauth/start", 30),
            rule("share-link-open", HttpMethod.GET, "/s/{token}", 60),
            rule("registration", HttpMethod.PUT, "/my/events/{id}/registration", 10),
            rule("lead-form", HttpMethod.PUT, "/my/assets/{id}/lead", 10),
            rule("reading-beacon", HttpMethod.POST, "/c/articles/{id}/reads", 60),
            rule("staff-sign-in", HttpMethod.POST, "/console/sign-in", 20));

    private final LettuceConnectionFactory redis;
    private final ProblemWriter problems;
    private final String prefix;
    private final double factor;
    private volatile Mono<Buckets> buckets;
    private final AtomicReference<Buckets> opened = new AtomicReference<>();

    /** The connection (to one Redis or to a Redis Cluster) and the proxy manager on it, made on first use. */
    private record Buckets(StatefulConnection<String, byte[]> connection, AsyncProxyManager<String> proxies) {
    }

    RateLimits(LettuceConnectionFactory redis, ProblemWriter problems, @Value("${yutang.redis.key-prefix:yutang:}") String prefix,
            @Value("${yutang.rate-limits.factor:1}") double factor) {
        this.redis = redis;
        this.problems = problems;
        this.prefix = prefix;
        this.factor = factor;
        this.buckets = connecting();
    }

    /** Opens the connection once for every request that needs it; a failed attempt is tried again by the next request. */
    private Mono<Buckets> connecting() {
        return Mono.defer(this::open).cache(found -> Duration.ofDays(36500), failure -> Duration.ZERO, () -> Duration.ZERO);
    }

    /**
     * The buckets on an open connection: one that was closed under them (the connection factory
     * stopped and started again, a client shut down) is opened anew.
     */
    private Mono<Buckets> buckets() {
        Buckets known = opened.get();
        if (known != null && !known.connection().isOpen() && opened.compareAndSet(known, null)) {
            buckets = connecting();
            known.connection().closeAsync();
        }
        return buckets;
    }

    private static Rule rule(String name, HttpMethod method, String path, int perMinute) {
        return new Rule(name, method, PathPatternParser.defaultInstance.parse(path), perMinute);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Rule rule = RULES.stream().filter(candidate -> candidate.method().equals(exchange.getRequest().getMethod())
                && candidate.path().matches(exchange.getRequest().getPath().pathWithinApplication())).findFirst().orElse(null);
        InetSocketAddress client = exchange.getRequest().getRemoteAddress();
        if (rule == null || client == null || factor <= 0) {
            return chain.filter(exchange);
        }
        String key = prefix + "rate:" + rule.name() + ":" + client.getAddress().getHostAddress();
        long capacity = Math.max(1, Math.round(rule.perMinute() * factor));
        return buckets()
                .flatMap(found -> Mono.fromFuture(found.proxies().builder()
                        .build(key, () -> java.util.concurrent.CompletableFuture.completedFuture(BucketConfiguration.builder()
                                .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, PERIOD)).build()))
                        .tryConsumeAndReturnRemaining(1)))
                .map(java.util.Optional::of)
                .timeout(Duration.ofSeconds(1))
                .onErrorResume(failure -> {
                    log.warn("Rate limit {} not checked, Redis did not answer: {}{}", rule.name(), failure.toString(),
                            failure.getCause() == null ? "" : " (" + failure.getCause() + ")");
                    return Mono.just(java.util.Optional.empty());
                })
                .flatMap(probe -> probe.isEmpty() || probe.get().isConsumed() ? chain.filter(exchange) : refuse(exchange, probe.get()));
    }

    private Mono<Void> refuse(ServerWebExchange exchange, ConsumptionProbe probe) {
        long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        return problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "problem.detail.rate-limited");
    }

    /**
     * Connects to Redis without blocking (the first limited request waits for it, no event-loop thread does).
     * A bucket is one key (Bucket4j's compare-and-swap touches no other), so on a Redis Cluster each
     * client address's bucket lives on whichever master owns its slot.
     */
    private Mono<Buckets> open() {
        RedisCodec<String, byte[]> codec = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
        if (redis.getNativeClient() instanceof RedisClusterClient cluster) {
            // The cluster client learns the slot map lazily (blocking) on first use: load it without blocking first.
            return Mono.fromFuture(() -> cluster.refreshPartitionsAsync().toCompletableFuture())
                    .then(Mono.fromFuture(() -> cluster.connectAsync(codec).toCompletableFuture()))
                    .map(connection -> opened(connection, Bucket4jLettuce.casBasedBuilder(connection)));
        }
        RedisStandaloneConfiguration where = redis.getStandaloneConfiguration();
        RedisURI uri = RedisURI.builder().withHost(where.getHostName()).withPort(where.getPort()).withDatabase(where.getDatabase())
                .withTimeout(Duration.ofSeconds(2)).build();
        where.getPassword().toOptional().ifPresent(password -> uri.setCredentialsProvider(io.lettuce.core.RedisCredentialsProvider.from(() -> io.lettuce.core.RedisCredentials.just(null, password))));
        return Mono.fromFuture(() -> ((RedisClient) redis.getNativeClient())
                        .connectAsync(codec, uri).toCompletableFuture())
                .map(connection -> opened(connection, Bucket4jLettuce.casBasedBuilder(connection)));
    }

    private Buckets opened(StatefulConnection<String, byte[]> connection, Bucket4jLettuce.LettuceBasedProxyManagerBuilder<String> builder) {
        AsyncProxyManager<String> proxies = builder
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(PERIOD))
                .build().asAsync();
        Buckets found = new Buckets(connection, proxies);
        opened.set(found);
        return found;
    }

    @Override
    public void destroy() {
        Buckets known = opened.getAndSet(null);
        if (known != null) {
            known.connection().close();
        }
    }
}

package io.yutang.gateway.http;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} when it is well-formed, else a new
 * one), echoes it in the response and carries it in the Reactor context, from where the logging
 * MDC picks it up as {@code requestId}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdFilter implements WebFilter {

    static final String HEADER = "X-Request-Id";
    static final String KEY = "requestId";
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._-]{8,64}");

    static {
        ContextRegistry registry = ContextRegistry.getInstance();
        // Reactor's automatic context propagation sets and clears every registered thread local on every
        // signal of every chain: on the callback's path that was half of all CPU samples. Only the request id
        // (for the log's MDC) is read from a thread local in yutang; the accessors Spring Security and
        // Micrometer register (SecurityContextHolder, the reactive security context, the exchange, the current
        // observation) serve blocking code and tracing, which yutang has none of. Their values stay in the
        // Reactor context, where security and metrics read them.
        List.copyOf(registry.getThreadLocalAccessors()).stream()
                .filter(accessor -> !(accessor instanceof Slf4jThreadLocalAccessor))
                .forEach(accessor -> registry.removeThreadLocalAccessor(accessor.key()));
        registry.registerThreadLocalAccessor(new Slf4jThreadLocalAccessor(KEY));
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String offered = exchange.getRequest().getHeaders().getFirst(HEADER);
        String requestId = offered != null && WELL_FORMED.matcher(offered).matches()
                ? offered
                : UUID.randomUUID().toString();
        exchange.getResponse().getHeaders().set(HEADER, requestId);
        exchange.getAttributes().put(KEY, requestId);
        return chain.filter(exchange)
                .contextWrite(context -> context.put(Slf4jThreadLocalAccessor.KEY, Map.of(KEY, requestId)));
    }
}

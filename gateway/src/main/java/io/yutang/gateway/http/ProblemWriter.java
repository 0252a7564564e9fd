package io.yutang.gateway.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a {@link ProblemDetail} as {@code application/problem+json}, with a localized title,
 * the request path as {@code instance} and the request id, so every refusal reads the same.
 */
@Component
public class ProblemWriter {

    private final MessageSource messages;
    private final JsonMapper json;

    ProblemWriter(MessageSource messages, JsonMapper json) {
        this.messages = messages;
        this.json = json;
    }

    /** A problem of this status whose detail is the bundle's message {@code detailKey}. */
    public Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detailKey) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setDetail(messages.getMessage(detailKey, null, locale(exchange)));
        return write(exchange, problem);
    }

    /** Writes the problem; fills in title, instance and request id where missing. */
    public Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem) {
        Locale locale = locale(exchange);
        HttpStatus known = HttpStatus.resolve(problem.getStatus());
        String fallback = known == null ? String.valueOf(problem.getStatus()) : known.getReasonPhrase();
        problem.setTitle(messages.getMessage("problem.title." + problem.getStatus(), null, fallback, locale));
        if (problem.getInstance() == null) {
            try {
                problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
            } catch (IllegalArgumentException notAUri) {
                // A path the firewall refused need not be a URI; the problem goes without its instance.
            }
        }
        Object requestId = exchange.getAttribute(RequestIdFilter.KEY);
        if (requestId != null) {
            problem.setProperty(RequestIdFilter.KEY, requestId);
        }
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = json.writeValueAsBytes(asMap(problem));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    /** The message bundle's text for a key in the caller's locale. */
    public String message(ServerWebExchange exchange, String key) {
        return messages.getMessage(key, null, locale(exchange));
    }

    private static Locale locale(ServerWebExchange exchange) {
        return exchange.getLocaleContext().getLocale() == null
                ? Locale.SIMPLIFIED_CHINESE
                : exchange.getLocaleContext().getLocale();
    }

    private static Map<String, Object> asMap(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType() == null ? "about:blank" : problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            body.put("detail", problem.getDetail());
        }
        body.put("instance", problem.getInstance().toString());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }
}

package io.yutang.gateway.http;

import io.lettuce.core.RedisException;
import jakarta.validation.ConstraintViolationException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.context.MessageSource;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Renders every error that reaches the web layer as RFC 9457 problem+json: the status and detail
 * a module's exception declares ({@link ErrorResponse}); a body the codecs could not read (a
 * broken multipart body: no boundary, cut off, too many parts) 400, one over a codec's limit 413;
 * Redis or PostgreSQL unavailable or too slow 503 with {@code Retry-After}; or a generic 500 that
 * reveals nothing but the request id.
 */
@Component
@Order(-2)
class ProblemResponses implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final ProblemWriter writer;
    private final MessageSource messages;

    ProblemResponses(ProblemWriter writer, MessageSource messages) {
        this.writer = writer;
        this.messages = messages;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (exchange.getResponse().isCommitted()) {
            // Nothing can be answered any more (typically the client hung up). Logged here, by path only:
            // the framework's own line would carry the whole query, a callback's openid and signature too.
            log.warn("Request {} ({} {}) failed after its answer had begun: {}", requestId(exchange),
                    exchange.getRequest().getMethod(), exchange.getRequest().getPath(), failure.toString());
            return Mono.empty();
        }
        if (failure instanceof ErrorResponse declared) {
            Locale locale = exchange.getLocaleContext().getLocale();
            ProblemDetail problem = declared.updateAndGetBody(messages,
                    locale == null ? Locale.SIMPLIFIED_CHINESE : locale);
            if (failure instanceof WebExchangeBindException invalid) {
                problem.setProperty("errors", invalid.getFieldErrors().stream()
                        .map(error -> Map.of("field", error.getField(),
                                "message", messages.getMessage(error, locale == null ? Locale.SIMPLIFIED_CHINESE : locale)))
                        .toList());
            }
            if (problem.getStatus() >= 500) {
                log.error("Request {} failed with status {}", requestId(exchange), problem.getStatus(), failure);
            }
            return writer.write(exchange, problem);
        }
        if (failure instanceof ConstraintViolationException invalid) {
            ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
            problem.setDetail(messages.getMessage("problem.detail.invalid", null, locale(exchange)));
            problem.setProperty("errors", invalid.getConstraintViolations().stream()
                    .map(violation -> Map.of("field", String.valueOf(violation.getPropertyPath()), "message", violation.getMessage()))
                    .toList());
            return writer.write(exchange, problem);
        }
        if (storeUnavailable(failure)) {
            log.warn("Request {} found a store unavailable: {}", requestId(exchange), failure.toString());
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
            return writer.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "problem.detail.store-unavailable");
        }
        if (failure instanceof DataBufferLimitException) {
            return writer.write(exchange, HttpStatus.CONTENT_TOO_LARGE, "problem.detail.too-large");
        }
        if (failure instanceof DecodingException) {
            return writer.write(exchange, HttpStatus.BAD_REQUEST, "problem.detail.unreadable");
        }
        log.error("Request {} failed unexpectedly", requestId(exchange), failure);
        return writer.write(exchange, HttpStatus.INTERNAL_SERVER_ERROR, "problem.detail.unexpected");
    }

    /**
     * Redis or PostgreSQL did not answer in time or could not be reached (a session read that timed
     * out under load, say, which Spring Session passes on as Lettuce's own exception): a retryable
     * 503, not a 500 and never a "not found".
     */
    private static boolean storeUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof DataAccessResourceFailureException
                    || t instanceof RedisException) {
                return true;
            }
        }
        return false;
    }

    private static Locale locale(ServerWebExchange exchange) {
        Locale locale = exchange.getLocaleContext().getLocale();
        return locale == null ? Locale.SIMPLIFIED_CHINESE : locale;
    }

    private static Object requestId(ServerWebExchange exchange) {
        return exchange.getAttribute(RequestIdFilter.KEY);
    }
}

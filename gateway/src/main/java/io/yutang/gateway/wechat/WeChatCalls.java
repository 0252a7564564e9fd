package io.yutang.gateway.wechat;

import io.yutang.gateway.GatewayProperties;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.error.WxRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The one place blocking WxJava calls run: on a bounded-elastic scheduler of their own, as wide as
 * WxJava's connection pool (so reminders going out do not queue behind other blocking work, nor
 * starve it), and retried with backoff (never a sleeping thread) when WeChat is busy (-1) or
 * rate-limits (45009). A caller that backs off as a whole uses the {@code OrRefused} variants,
 * which retry only -1 and hand rate limits (45009, 45011) back at once. Token errors (40001,
 * 40014, 42001) are refreshed and retried once by WxJava itself.
 *
 * <p>A thread in a blocking call cannot be stopped from outside (an HTTP read ignores interrupts),
 * so there are two kinds of call. {@link #call} is for a person waiting on the answer (sign-in,
 * JS-SDK, a share link's code): it gives up after the call timeout and the late answer is dropped.
 * {@link #callToTheEnd} is for queued work (messages sent, profiles looked up): its outcome is
 * reported only when the thread has finished, so the work's retry never overlaps a call WeChat may
 * still act on — a reminder sent twice, a profile asked for twice. Its length is bounded by the
 * HTTP client's timeouts and Redis's; one still running after four call timeouts (less than any
 * work queue's lease) is given up as a last resort.
 */
@Component
public class WeChatCalls implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WeChatCalls.class);

    static final int BUSY = -1;
    static final int RATE_LIMITED = 45009;
    static final int TOO_FREQUENT = 45011;
    private static final Set<Integer> TRANSIENT = Set.of(BUSY, RATE_LIMITED);
    private static final Set<Integer> ONLY_BUSY = Set.of(BUSY);
    private static final String BUSY_EXHAUSTED = "微信服务端异常，超出重试次数";

    private final Duration timeout;
    private final Duration lastResort;
    private final Duration firstBackoff;
    private final Scheduler threads = Schedulers.newBoundedElastic(WeChatClients.MAX_CONNECTIONS, 100_000, "wechat-call");

    @Autowired
    WeChatCalls(GatewayProperties properties) {
        this(properties.callTimeout(), Duration.ofMillis(200));
    }

    WeChatCalls(Duration timeout, Duration firstBackoff) {
        this.timeout = timeout;
        this.lastResort = timeout.multipliedBy(4);
        this.firstBackoff = firstBackoff;
    }

    /** Runs a blocking WxJava call for a person waiting on it: its answer, or a timeout after the call timeout. */
    public <T> Mono<T> call(Callable<T> blocking) {
        return call(blocking, TRANSIENT, timeout);
    }

    /**
     * Runs a blocking WxJava call that queued work depends on, to its end: the outcome arrives when
     * the thread has finished (or after four call timeouts, as a last resort), never while WeChat
     * may still be acting on the call.
     */
    public <T> Mono<T> callToTheEnd(Callable<T> blocking) {
        return call(blocking, TRANSIENT, lastResort);
    }

    /**
     * Runs a blocking WxJava call as {@link #callToTheEnd} does, retrying only when WeChat is busy
     * (-1): a refusal for quota (45009) or frequency (45011) fails at once, and busy fails once
     * those few retries are spent, for a caller that then pauses all its calls ({@link #throttled})
     * instead of spending more of the quota.
     */
    public <T> Mono<T> callToTheEndOrRefused(Callable<T> blocking) {
        return call(blocking, ONLY_BUSY, lastResort);
    }

    /**
     * Whether WeChat held the call off for a while rather than rejecting it: a quota or frequency
     * refusal, or busy (-1) still after {@link #callToTheEndOrRefused}'s retries.
     */
    public static boolean throttled(Throwable failure) {
        Integer code = errorCode(failure);
        return code != null && (code == BUSY || code == RATE_LIMITED || code == TOO_FREQUENT);
    }

    private <T> Mono<T> call(Callable<T> blocking, Set<Integer> retried, Duration limit) {
        return Mono.fromCallable(blocking)
                .subscribeOn(threads)
                .timeout(limit)
                .retryWhen(Retry.backoff(3, firstBackoff)
                        .filter(failure -> {
                            Integer code = errorCode(failure);
                            return code != null && retried.contains(code);
                        })
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .doOnError(failure -> log.warn("WeChat call failed: {}", describe(failure)));
    }

    @Override
    public void destroy() {
        threads.dispose();
    }

    /** WeChat's error code of a failed call, or {@code null} when it did not come from WeChat. */
    public static Integer errorCode(Throwable failure) {
        if (failure instanceof WxErrorException wx) {
            return wx.getError().getErrorCode();
        }
        // With its own retries off, WxJava reports errcode -1 as this runtime exception, code dropped.
        if (failure instanceof WxRuntimeException && BUSY_EXHAUSTED.equals(failure.getMessage())) {
            return BUSY;
        }
        return null;
    }

    /** A failure in words fit for a log: WeChat's code and message, never a URL or token. */
    static String describe(Throwable failure) {
        Integer code = errorCode(failure);
        if (code != null && code == BUSY && !(failure instanceof WxErrorException)) {
            return "errcode -1 (system busy)";
        }
        if (failure instanceof WxErrorException wx) {
            return "errcode " + wx.getError().getErrorCode() + " (" + wx.getError().getErrorMsg() + ")";
        }
        return failure.getClass().getSimpleName();
    }
}

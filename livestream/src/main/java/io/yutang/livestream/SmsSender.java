package io.yutang.livestream;

import reactor.core.publisher.Mono;

/**
 * Port to an SMS provider, for registrants no WeChat channel reaches who gave a phone number with
 * consent. The default implementation only logs (with the number masked) and says it {@link #delivers()
 * delivers} nothing; an operator plugs in a provider by defining a bean of this type.
 */
public interface SmsSender {

    /**
     * Sends {@code text} to {@code phone}. A failed send is retried with the same {@code key}: an
     * implementation passes it to the provider as its idempotency key, so a retry is delivered once.
     */
    Mono<Void> send(String phone, String text, String key);

    /**
     * Whether a completed {@link #send} reached the phone. A sender that only writes messages
     * somewhere (the default one logs them) says false, and its messages are recorded
     * {@code LOGGED}, never {@code SENT}.
     */
    default boolean delivers() {
        return true;
    }
}

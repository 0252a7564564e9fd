package io.yutang.livestream.reminder;

import io.yutang.referral.Disclosure;
import io.yutang.livestream.SmsSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The SMS port until an operator plugs in a provider: logs that a message would go out, number
 * masked, and says it delivers nothing, so such messages are recorded {@code LOGGED}.
 */
class LoggingSmsSender implements SmsSender {

    private static final Logger log = LoggerFactory.getLogger(LoggingSmsSender.class);

    @Override
    public Mono<Void> send(String phone, String text, String key) {
        return Mono.fromRunnable(() -> log.info("SMS {} to {} ({} characters); no SMS provider is configured", key,
                Disclosure.MASKED.phone(phone), text.length()));
    }

    /** Nothing reaches a phone: the message is only logged. */
    @Override
    public boolean delivers() {
        return false;
    }
}

package io.yutang.gateway.signin;

import java.security.SecureRandom;
import java.time.Duration;
import org.apache.commons.codec.digest.DigestUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The OAuth {@code state} of sign-ins under way, kept in Redis so any instance can finish what
 * another began; each state works once, and each WeChat code is accepted once.
 */
@Component
class SignInStates {

    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;

    SignInStates(ReactiveStringRedisTemplate redis, @Value("${yutang.redis.key-prefix:yutang:}") String prefix) {
        this.redis = redis;
        this.prefix = prefix + "signin:";
    }

    /** A new state (32 characters of [A-Za-z0-9], as WeChat allows) remembering where to go after. */
    Mono<String> begin(SignInScope scope, String returnPath) {
        String state = randomState();
        return redis.opsForValue().set(prefix + "state:" + state, scope.name() + "|" + returnPath, LIFETIME)
                .thenReturn(state);
    }

    /** Ends the state and returns what it remembered; empty when unknown, expired or used. */
    Mono<Pending> finish(String state) {
        return redis.opsForValue().getAndDelete(prefix + "state:" + state)
                .map(value -> new Pending(SignInScope.valueOf(value.substring(0, value.indexOf('|'))),
                        value.substring(value.indexOf('|') + 1)));
    }

    /**
     * True the first time a code is presented, false ever after (within the code's lifetime). The
     * code is a credential: Redis keeps only its SHA-256.
     */
    Mono<Boolean> firstUseOf(String code) {
        return redis.opsForValue().setIfAbsent(prefix + "code:" + DigestUtils.sha256Hex(code), "used", LIFETIME);
    }


    private static String randomState() {
        StringBuilder state = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            state.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return state.toString();
    }

    record Pending(SignInScope scope, String returnPath) {
    }
}

package io.yutang.gateway.staff;

import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Checks a staff member's username and password, for the console's sign-in page and for HTTP Basic
 * alike. After {@value #MAX_FAILURES} wrong passwords for one username within {@link #LOCKOUT}, that
 * username is refused for the rest of the period, right password or not. An unknown username costs
 * the same password hash as a known one, so timing does not tell which usernames exist. The hash
 * runs off the event loop.
 */
@Component
public class StaffPasswords implements ReactiveAuthenticationManager {

    static final int MAX_FAILURES = 5;
    static final Duration LOCKOUT = Duration.ofMinutes(15);

    private final StaffDirectory staff;
    private final PasswordEncoder passwords;
    private final ReactiveStringRedisTemplate redis;
    private final String prefix;
    private final String unknownUserHash;

    StaffPasswords(StaffDirectory staff, PasswordEncoder passwords, ReactiveStringRedisTemplate redis,
            @Value("${yutang.redis.key-prefix:yutang:}") String prefix) {
        this.staff = staff;
        this.passwords = passwords;
        this.redis = redis;
        this.prefix = prefix;
        this.unknownUserHash = passwords.encode("no such staff member");
    }

    @Override
    public Mono<Authentication> authenticate(Authentication attempt) {
        String username = attempt.getName();
        String password = attempt.getCredentials() == null ? "" : attempt.getCredentials().toString();
        String failures = prefix + "staff:sign-in-failures:" + username;
        return redis.opsForValue().get(failures).map(Long::parseLong).defaultIfEmpty(0L).flatMap(failed -> {
            if (failed >= MAX_FAILURES) {
                return Mono.error(new LockedException("locked"));
            }
            return staff.findByUsername(username).map(Optional::of).defaultIfEmpty(Optional.empty())
                    .publishOn(Schedulers.boundedElastic())
                    .flatMap(found -> {
                        boolean matches = passwords.matches(password, found.map(UserDetails::getPassword).orElse(unknownUserHash));
                        if (found.isEmpty() || !matches) {
                            return redis.opsForValue().increment(failures)
                                    .flatMap(count -> count == 1 ? redis.expire(failures, LOCKOUT) : Mono.just(true))
                                    .then(Mono.<Authentication>error(new BadCredentialsException("Invalid Credentials")));
                        }
                        UserDetails user = found.get();
                        if (!user.isEnabled()) {
                            return Mono.error(new DisabledException("disabled"));
                        }
                        return redis.delete(failures).thenReturn(
                                UsernamePasswordAuthenticationToken.authenticated(user.getUsername(), null, user.getAuthorities()));
                    });
        });
    }
}

package io.yutang.gateway.staff;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Creates the first console administrator when there is no staff yet: {@code YUTANG_ADMIN_USERNAME}
 * (default {@code admin}) with {@code YUTANG_ADMIN_PASSWORD}, or a generated password printed once.
 */
@Component
class FirstAdmin {

    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

    private final StaffDirectory staff;
    private final String username;
    private final String password;

    FirstAdmin(StaffDirectory staff, @Value("${yutang.admin.username:admin}") String username,
            @Value("${yutang.admin.password:}") String password) {
        this.staff = staff;
        this.username = username;
        this.password = password;
    }

    /** Runs once at start-up, before the instance reports ready, so a fresh install can be used at once. */
    @EventListener(ApplicationReadyEvent.class)
    void createWhenNoStaffExists() {
        boolean generated = password.isBlank();
        String chosen = generated ? generatedPassword() : password;
        staff.count()
                .filter(count -> count == 0)
                .flatMap(none -> staff.add(username, "Administrator", chosen, List.of(StaffRole.ADMIN)))
                .doOnNext(admin -> {
                    if (generated) {
                        log.info("First console administrator created: {} / {} (shown once; change it)", username, chosen);
                    } else {
                        log.info("First console administrator created: {}", username);
                    }
                })
                .onErrorResume(e -> {
                    log.warn("Could not create the first administrator", e);
                    return Mono.empty();
                })
                .block(Duration.ofSeconds(30));
    }

    private static String generatedPassword() {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}

package io.yutang.livestream.registration;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.yutang.referral.Viewer;
import jakarta.validation.Valid;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A signed-in WeChat user's own registration for a live event (H5 session, CSRF token in the
 * {@code X-CSRF-TOKEN} header for changes). Registering is a PUT: the same form twice is one registration.
 */
@Tag(name = "my registrations", description = "Register for a live event, see and cancel the registration (H5 session)")
@SecurityRequirement(name = "session")
@RestController
@RequestMapping("/my/events/{id}/registration")
class MyRegistrationEndpoints {

    private final Registrations registrations;

    MyRegistrationEndpoints(Registrations registrations) {
        this.registrations = registrations;
    }

    @Operation(summary = "My registration for the event (404 when I have none)")
    @GetMapping
    Mono<Registration> mine(@PathVariable long id, @AuthenticationPrincipal Viewer viewer) {
        return registrations.current(id, viewer.contact()).switchIfEmpty(Mono.error(NotRegistered::new));
    }

    @Operation(summary = "Register (or get my registration back); a full event puts me on the waitlist")
    @PutMapping
    Mono<Registration> register(@PathVariable long id, @AuthenticationPrincipal Viewer viewer,
            @RequestBody @Valid RegistrationForm form) {
        return registrations.register(id, viewer, form);
    }

    @Operation(summary = "Cancel my registration; the first on the waitlist takes my place")
    @DeleteMapping
    Mono<Registration> cancel(@PathVariable long id, @AuthenticationPrincipal Viewer viewer) {
        return registrations.cancel(id, viewer);
    }
}

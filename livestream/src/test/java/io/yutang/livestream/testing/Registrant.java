package io.yutang.livestream.testing;

import io.yutang.livestream.event.LiveEvent;
import io.yutang.livestream.registration.Registration;
import io.yutang.livestream.registration.RegistrationForm;
import io.yutang.referral.Viewer;
import io.yutang.referral.testing.Person;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Someone signed in on a registration page. Each registration or cancellation happens one second
 * after the previous step, so the order of registration is the order of the calls.
 */
public record Registrant(LivestreamFixtures fixtures, String name, Viewer viewer, Person person) {

    /** Submits the form (their name, no share token); the registration as they see it. */
    public Mono<Registration> register(LiveEvent event) {
        return Mono.defer(() -> {
            fixtures.clock().advance(Duration.ofSeconds(1));
            return fixtures.registrations().register(event.id(), viewer, new RegistrationForm(Map.of("name", name), false, null));
        });
    }

    /** Cancels their registration. */
    public Mono<Registration> cancel(LiveEvent event) {
        return Mono.defer(() -> {
            fixtures.clock().advance(Duration.ofSeconds(1));
            return fixtures.registrations().cancel(event.id(), viewer);
        });
    }

    /** {@link #register(LiveEvent)}, waited for. */
    public Registration registers(LiveEvent event) {
        return register(event).block(Duration.ofSeconds(10));
    }

    /** {@link #cancel(LiveEvent)}, waited for. */
    public Registration cancels(LiveEvent event) {
        return cancel(event).block(Duration.ofSeconds(10));
    }

    /** Their registration for the event as it stands now. */
    public Registration registrationFor(LiveEvent event) {
        return fixtures.registrations().current(event.id(), viewer.contact()).block(Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        return "Registrant[" + name + "]";
    }
}

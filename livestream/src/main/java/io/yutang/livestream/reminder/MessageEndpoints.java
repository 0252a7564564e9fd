package io.yutang.livestream.reminder;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/** Marketing's view of what happened to the messages planned for an event's registrants (roles: ADMIN, MARKETER). */
@Tag(name = "messages", description = "Confirmations, reminders, notices, replay and survey: planned, sent, skipped or failed, and why")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "bearer")
@RestController
@RequestMapping("/api/events/{id}")
class MessageEndpoints {

    private final MessageStatuses statuses;

    MessageEndpoints(MessageStatuses statuses) {
        this.statuses = statuses;
    }

    @Operation(summary = "Every message planned for the event's registrants (at most 5,000), optionally in one state:"
            + " PENDING, SENDING, SENT, LOGGED, FAILED or SKIPPED, with the reason and a sentence explaining it")
    @GetMapping(path = "/messages", produces = MediaType.APPLICATION_JSON_VALUE)
    Flux<MessageStatus> ofEvent(@PathVariable long id, @RequestParam(required = false) ReminderState state, Locale locale) {
        return statuses.ofEvent(id, state == null ? null : state.name(), locale);
    }

    @Operation(summary = "Every message planned for one registration, by due time: why did she get no reminder?")
    @GetMapping(path = "/registrations/{registrationId}/messages", produces = MediaType.APPLICATION_JSON_VALUE)
    Flux<MessageStatus> ofRegistration(@PathVariable long id, @PathVariable long registrationId, Locale locale) {
        return statuses.ofRegistration(id, registrationId, locale);
    }
}

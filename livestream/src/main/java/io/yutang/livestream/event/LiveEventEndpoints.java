package io.yutang.livestream.event;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Marketing's API for live events (roles: ADMIN, MARKETER). */
@Tag(name = "live events", description = "Live events: create, edit, reschedule")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "bearer")
@RestController
@RequestMapping("/api/events")
class LiveEventEndpoints {

    private final LiveEvents events;
    private final EventEdits edits;

    LiveEventEndpoints(LiveEvents events, EventEdits edits) {
        this.events = events;
        this.edits = edits;
    }

    @Operation(summary = "Create a live event")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<LiveEvent> create(@RequestBody @Valid LiveEventDraft draft) {
        return events.create(draft);
    }

    @Operation(summary = "Edit a live event; a new start time re-plans every reminder and tells each registrant once")
    @PutMapping("/{id}")
    Mono<LiveEvent> update(@PathVariable long id, @RequestBody @Valid LiveEventDraft draft) {
        return edits.update(id, draft);
    }

    @Operation(summary = "All live events, latest start first")
    @GetMapping
    Flux<LiveEvent> list() {
        return events.list();
    }

    @Operation(summary = "One live event")
    @GetMapping("/{id}")
    Mono<LiveEvent> find(@PathVariable long id) {
        return events.find(id);
    }
}

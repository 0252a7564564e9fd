package io.yutang.livestream.attendance;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.yutang.referral.Viewer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * What yutang's live page reports about the signed-in viewer: a join with a session key the page
 * makes, a heartbeat every 30 s, a leave (H5 session, CSRF header).
 */
@Tag(name = "my viewing", description = "Join, heartbeat and leave from the live page (H5 session)")
@SecurityRequirement(name = "session")
@RestController
@RequestMapping("/my/events/{id}/viewings")
class MyViewingEndpoints {

    record Join(@NotNull @Pattern(regexp = "[A-Za-z0-9_-]{8,64}") String sessionKey) {
    }

    private final Attendance attendance;

    MyViewingEndpoints(Attendance attendance) {
        this.attendance = attendance;
    }

    @Operation(summary = "I started watching (idempotent on the session key)")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Map<String, Object>> join(@PathVariable long id, @AuthenticationPrincipal Viewer viewer, @RequestBody @Valid Join join) {
        return attendance.joined(id, viewer.contact(), "page:" + join.sessionKey(), Attendance.Source.PAGE)
                .map(live -> Map.of("sessionKey", join.sessionKey(), "mode", live ? "LIVE" : "REPLAY"));
    }

    @Operation(summary = "I am still watching")
    @PostMapping("/{sessionKey}/heartbeat")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> heartbeat(@PathVariable long id, @PathVariable String sessionKey, @AuthenticationPrincipal Viewer viewer) {
        return seen(id, sessionKey, viewer, false);
    }

    @Operation(summary = "I stopped watching")
    @PostMapping("/{sessionKey}/leave")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> leave(@PathVariable long id, @PathVariable String sessionKey, @AuthenticationPrincipal Viewer viewer) {
        return seen(id, sessionKey, viewer, true);
    }

    private Mono<Void> seen(long id, String sessionKey, Viewer viewer, boolean leaving) {
        return attendance.heartbeat(id, viewer.contact(), "page:" + sessionKey, leaving)
                .flatMap(found -> found ? Mono.<Void>empty()
                        : Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no open viewing session with this key")));
    }
}

package io.yutang.livestream.page;

import io.yutang.referral.page.H5Pages;
import io.swagger.v3.oas.annotations.Hidden;
import io.yutang.livestream.attendance.Attendance;
import io.yutang.livestream.event.LiveEvents;
import io.yutang.livestream.event.UnknownLiveEvent;
import io.yutang.referral.Viewer;
import java.net.URI;
import java.time.Clock;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /live/{id}/watch}: records that the signed-in viewer joined, then sends them to the live
 * platform's watch URL (or the replay once the event has ended). Visitors not signed in go
 * through WeChat's silent sign-in first.
 */
@Hidden
@RestController
class WatchRedirect {

    private final LiveEvents events;
    private final Attendance attendance;
    private final Clock clock;

    WatchRedirect(LiveEvents events, Attendance attendance, Clock clock) {
        this.events = events;
        this.attendance = attendance;
        this.clock = clock;
    }

    @GetMapping("/live/{id}/watch")
    Mono<ResponseEntity<Void>> watch(@PathVariable long id, @AuthenticationPrincipal Viewer viewer) {
        if (viewer == null) {
            return Mono.just(H5Pages.redirect("/live/" + id + "/watch"));
        }
        return events.published(id).flatMap(event -> {
            URI target = event.endsAt().isAfter(clock.instant()) || event.replayUrl() == null ? event.watchUrl() : event.replayUrl();
            if (target == null) {
                return Mono.error(new UnknownLiveEvent());
            }
            return attendance.joined(id, viewer.contact(), "redirect:" + UUID.randomUUID(), Attendance.Source.REDIRECT)
                    .thenReturn(ResponseEntity.status(HttpStatus.FOUND).location(target).<Void>build());
        });
    }
}

package io.yutang.livestream.page;

import io.yutang.referral.page.H5Pages;
import io.swagger.v3.oas.annotations.Hidden;
import io.yutang.livestream.LivestreamProperties;
import io.yutang.livestream.event.EventStatus;
import io.yutang.livestream.event.LiveEvent;
import io.yutang.livestream.event.LiveEvents;
import io.yutang.referral.Viewer;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * yutang's own live room ({@code /live/{id}/room}, the template {@code templates/livestream/room.html}):
 * the platform's player embedded, and a script that reports the viewer's join, a heartbeat every
 * {@code heartbeatInterval} and the leave, so watch time is measured without the platform's log.
 */
@Hidden
@Controller
class LiveRoomPage {

    private final LiveEvents events;
    private final LivestreamProperties properties;

    LiveRoomPage(LiveEvents events, LivestreamProperties properties) {
        this.events = events;
        this.properties = properties;
    }

    @GetMapping(path = "/live/{id}/room", produces = MediaType.TEXT_HTML_VALUE)
    Mono<Rendering> room(@PathVariable long id, @AuthenticationPrincipal Viewer viewer, ServerWebExchange exchange) {
        if (viewer == null) {
            return Mono.just(H5Pages.signIn("/live/" + id + "/room"));
        }
        return events.published(id)
                .zipWith(H5Pages.csrfToken(exchange))
                .map(found -> render(found.getT1(), found.getT2()));
    }

    private Rendering render(LiveEvent event, String csrf) {
        URI player = event.status() == EventStatus.ENDED && event.replayUrl() != null ? event.replayUrl() : event.watchUrl();
        return H5Pages.page("livestream/room")
                .modelAttribute("title", event.title())
                .modelAttribute("time", EventTime.format(event.startsAt()))
                .modelAttribute("player", player == null ? null : player.toString())
                .modelAttribute("eventId", event.id())
                .modelAttribute("heartbeatSeconds", Math.max(5, properties.heartbeatInterval().toSeconds()))
                .modelAttribute("csrf", csrf)
                .modelAttribute("openTags", List.of())
                .build();
    }
}

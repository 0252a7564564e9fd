package io.yutang.livestream.page;

import io.yutang.referral.page.H5Pages;
import io.swagger.v3.oas.annotations.Hidden;
import io.yutang.livestream.event.EventStatus;
import io.yutang.livestream.event.LiveEvent;
import io.yutang.livestream.event.LiveEvents;
import io.yutang.livestream.registration.Registration;
import io.yutang.livestream.registration.RegistrationStatus;
import io.yutang.livestream.registration.Registrations;
import io.yutang.referral.TargetKind;
import io.yutang.referral.Viewer;
import io.yutang.referral.form.FormAnswers;
import io.yutang.referral.form.FormInput;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The registration page prospects open in WeChat ({@code /live/{id}}, usually with the share
 * token {@code st}), the template {@code templates/livestream/registration.html}. A visitor not
 * yet signed in is sent through WeChat's silent sign-in first; a known contact finds the form
 * filled from their last registration, so one tap registers them.
 */
@Hidden
@Controller
class RegistrationPage {

    private final LiveEvents events;
    private final Registrations registrations;
    private final FormAnswers forms;

    RegistrationPage(LiveEvents events, Registrations registrations, FormAnswers forms) {
        this.events = events;
        this.registrations = registrations;
        this.forms = forms;
    }

    @GetMapping(path = "/live/{id}", produces = MediaType.TEXT_HTML_VALUE)
    Mono<Rendering> page(@PathVariable long id, @RequestParam(name = "st", required = false) String shareToken,
            @AuthenticationPrincipal Viewer viewer, ServerWebExchange exchange) {
        String token = shareToken != null && shareToken.matches("[A-Za-z0-9_-]{16,64}") ? shareToken : null;
        if (viewer == null) {
            return Mono.just(H5Pages.signIn("/live/" + id + (token == null ? "" : "?st=" + token)));
        }
        return events.published(id)
                .flatMap(event -> Mono.zip(
                        registrations.current(id, viewer.contact()).map(Optional::of).defaultIfEmpty(Optional.empty()),
                        registrations.lastAnswers(viewer.contact()).defaultIfEmpty(Map.of()),
                        H5Pages.csrfToken(exchange))
                        .map(found -> render(event, found.getT1().orElse(null), found.getT2(), found.getT3(), token)));
    }

    private Rendering render(LiveEvent event, Registration registration, Map<String, String> last, String csrf, String token) {
        boolean registered = registration != null && registration.status() != RegistrationStatus.CANCELLED;
        Map<String, String> prefill = registered ? registration.answers() : last;
        boolean complete = FormAnswers.complete(event.registrationFields(), prefill);
        List<FormInput> fields = forms.inputs(event.registrationFields(), prefill);
        boolean open = event.status().takesRegistrations();
        boolean watch = registered && registration.status() == RegistrationStatus.REGISTERED
                && (event.status() == EventStatus.LIVE || event.status() == EventStatus.ENDED);
        // WeChat's one-time subscription prompt for the event's template, while it can still matter.
        boolean subscribe = event.subscribeTemplateId() != null && (registered || open);
        return H5Pages.page("livestream/registration")
                .modelAttribute("title", event.title())
                .modelAttribute("time", EventTime.format(event.startsAt()))
                .modelAttribute("capacity", event.capacity())
                .modelAttribute("description", event.description() == null ? "" : event.description())
                .modelAttribute("open", open)
                .modelAttribute("oneTap", !registered && complete)
                .modelAttribute("fields", fields)
                .modelAttribute("consent", event.consentText())
                .modelAttribute("registered", registered)
                .modelAttribute("waitlisted", registered && registration.status() == RegistrationStatus.WAITLISTED)
                .modelAttribute("watch", watch)
                .modelAttribute("eventId", event.id())
                .modelAttribute("csrf", csrf)
                .modelAttribute("token", token)
                .modelAttribute("subscribeTemplate", subscribe ? event.subscribeTemplateId() : null)
                .modelAttribute("openTags", subscribe ? List.of("wx-open-subscribe") : List.of())
                .modelAttribute("share", H5Pages.share(event.title(), EventTime.format(event.startsAt()), null, token,
                        TargetKind.LIVE_EVENT, String.valueOf(event.id())))
                .build();
    }
}

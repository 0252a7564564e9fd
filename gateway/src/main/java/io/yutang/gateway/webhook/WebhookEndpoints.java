package io.yutang.gateway.webhook;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.yutang.referral.text.SingleLine;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.ProblemDetail;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Webhook endpoints for a CRM, their delivery log and replays (roles: ADMIN). */
@Tag(name = "webhooks", description = "Signed webhooks (Standard Webhooks) to a CRM: endpoints, delivery log, replay")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "bearer")
@Validated
@RestController
@RequestMapping("/api/webhooks")
class WebhookEndpoints {

    private final Subscriptions subscriptions;
    private final WebhookMessages messages;
    private final DeliveryAttempts attempts;
    private final OutboundAddresses addresses;
    private final WebhookSettings settings;

    WebhookEndpoints(Subscriptions subscriptions, WebhookMessages messages, DeliveryAttempts attempts, OutboundAddresses addresses,
            WebhookSettings settings) {
        this.subscriptions = subscriptions;
        this.messages = messages;
        this.attempts = attempts;
        this.addresses = addresses;
        this.settings = settings;
    }

    record EndpointDraft(@NotBlank @Size(max = 2000) String url, @Size(max = 200) @SingleLine String description,
            @NotEmpty @Size(max = 20) List<@NotBlank String> eventTypes, Boolean enabled) {
    }

    record Replay(@Size(max = 64) String messageId, Instant from, Instant to) {
    }

    @Operation(summary = "The event types an endpoint may subscribe to")
    @GetMapping("/event-types")
    List<String> eventTypes() {
        return Arrays.stream(EventType.values()).map(EventType::wireName).toList();
    }

    @Operation(summary = "The JSON Schema (2020-12) of one event type's payload, version 1")
    @GetMapping(path = "/schemas/{type}", produces = "application/schema+json")
    Mono<ResponseEntity<String>> schema(@PathVariable String type) {
        if (EventType.named(type).isEmpty()) {
            return Mono.error(new UnknownWebhook());
        }
        return Mono.fromCallable(() -> new ClassPathResource("webhooks/v1/" + type + ".json").getContentAsString(StandardCharsets.UTF_8))
                .subscribeOn(Schedulers.boundedElastic())
                .map(schema -> ResponseEntity.ok().contentType(MediaType.parseMediaType("application/schema+json")).body(schema));
    }

    @Operation(summary = "Add an endpoint; its signing secret (whsec_…) is in this answer only. Loopback, link-local and private"
            + " addresses are refused unless yutang.webhooks.allowed-hosts lists the host")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Subscriptions.Created> create(@Valid @RequestBody EndpointDraft draft, Principal admin) {
        return checked(draft).flatMap(url -> subscriptions.create(url, draft.description(), types(draft), admin.getName()));
    }

    @Operation(summary = "The endpoints, without their secrets")
    @GetMapping
    Flux<Subscription> list() {
        return subscriptions.list();
    }

    @Operation(summary = "One endpoint")
    @GetMapping("/{id}")
    Mono<Subscription> find(@PathVariable long id) {
        return subscriptions.find(id);
    }

    @Operation(summary = "Change an endpoint; enabling a disabled one resends what it missed while disabled")
    @PutMapping("/{id}")
    Mono<Subscription> update(@PathVariable long id, @Valid @RequestBody EndpointDraft draft) {
        boolean enabled = draft.enabled() == null || draft.enabled();
        return checked(draft).flatMap(url -> subscriptions.update(id, url, draft.description(), types(draft), enabled))
                .flatMap(change -> !change[0].enabled() && change[1].enabled()
                        ? messages.resend(id, null, change[0].disabledAt(), null).thenReturn(change[1])
                        : Mono.just(change[1]));
    }

    @Operation(summary = "A new signing secret (in this answer only); the previous one keeps signing beside it for yutang.webhooks.secret-overlap")
    @PostMapping("/{id}/secret")
    Mono<Subscriptions.Rotated> rotate(@PathVariable long id) {
        return subscriptions.rotate(id, settings.secretOverlap());
    }

    @Operation(summary = "The endpoint's latest delivery attempts, newest first: status, latency, the start of the answer")
    @GetMapping("/{id}/attempts")
    Mono<List<DeliveryAttempts.Attempt>> attempts(@PathVariable long id, @RequestParam(required = false) String messageId,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return subscriptions.find(id).then(attempts.of(id, messageId, limit).collectList());
    }

    @Operation(summary = "Send again one message (messageId) or every message created in [from, to) to this endpoint")
    @PostMapping("/{id}/replay")
    Mono<Map<String, Long>> replay(@PathVariable long id, @RequestBody Replay replay) {
        if (replay.messageId() == null && replay.from() == null) {
            return Mono.error(new ErrorResponseException(HttpStatus.BAD_REQUEST, ProblemDetail.forStatus(HttpStatus.BAD_REQUEST), null,
                    "problemDetail.webhook.replay-what", null));
        }
        return subscriptions.find(id).then(messages.resend(id, replay.messageId(), replay.from(), replay.to()))
                .map(count -> Map.of("resent", count));
    }

    private Mono<URI> checked(EndpointDraft draft) {
        return Mono.fromCallable(() -> OutboundAddresses.shape(draft.url()))
                .flatMap(url -> addresses.resolve(url).thenReturn(url));
    }

    private static List<String> types(EndpointDraft draft) {
        List<String> unknown = draft.eventTypes().stream().filter(type -> EventType.named(type).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
            problem.setProperty("unknown", unknown);
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null, "problemDetail.webhook.unknown-type", null);
        }
        return draft.eventTypes().stream().distinct().toList();
    }
}

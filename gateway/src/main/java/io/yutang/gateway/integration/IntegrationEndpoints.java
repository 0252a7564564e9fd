package io.yutang.gateway.integration;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.yutang.gateway.staff.TokenScope;
import io.yutang.referral.AuditAction;
import io.yutang.referral.AuditEntry;
import io.yutang.referral.AuditTrail;
import io.yutang.referral.Behaviour;
import io.yutang.referral.BehaviourKind;
import io.yutang.referral.Behaviours;
import io.yutang.referral.ContactId;
import io.yutang.referral.Contacts;
import io.yutang.referral.text.PlainText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** What a CRM pulls with its INTEGRATION token, and the outcomes it reports back. */
@Tag(name = "integration", description = "The change feed and lead outcomes, for a CRM's API token (scopes per token)")
@SecurityRequirement(name = "bearer")
@Validated
@RestController
class IntegrationEndpoints {

    static final List<String> CONTACT_TYPES = List.of("contact.followed", "contact.unfollowed", "contact.identified",
            "contact.erased", "registration.created", "registration.cancelled", "attendance.recorded");
    static final List<String> LEAD_TYPES = List.of("lead.captured", "lead.qualified");

    private final ChangeFeed feed;
    private final LeadOutcomes outcomes;
    private final OutcomeReport report;
    private final Contacts contacts;
    private final AuditTrail audit;
    private final Behaviours behaviours;

    IntegrationEndpoints(ChangeFeed feed, LeadOutcomes outcomes, OutcomeReport report, Contacts contacts, AuditTrail audit,
            Behaviours behaviours) {
        this.behaviours = behaviours;
        this.feed = feed;
        this.outcomes = outcomes;
        this.report = report;
        this.contacts = contacts;
        this.audit = audit;
    }

    record OutcomeReported(@NotNull LeadOutcome.Status status,
            @NotBlank @Size(max = 100) @Pattern(regexp = "[\\p{Graph}]+") String crmReference,
            @Size(max = 500) @PlainText String reason, @DecimalMin("0") BigDecimal amount, Instant occurredAt) {
    }

    @Operation(summary = "Changes since a cursor (none: from the start), oldest first, at most limit: the same events as the"
            + " webhooks, with their ids. contacts:read gives contact, registration and attendance events; leads:read the lead"
            + " events; openids and form answers only with personal-data:read (such a page is recorded in the audit log). Ask"
            + " again with next; more says whether a full next page is ready now")
    @GetMapping("/api/integration/changes")
    Mono<ChangeFeed.Page> changes(@RequestParam(required = false) String after,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit, Authentication token) {
        Set<String> scopes = scopes(token);
        List<String> types = new ArrayList<>();
        if (scopes.contains(TokenScope.CONTACTS_READ.authority())) {
            types.addAll(CONTACT_TYPES);
        }
        if (scopes.contains(TokenScope.LEADS_READ.authority())) {
            types.addAll(LEAD_TYPES);
        }
        if (types.isEmpty()) {
            return Mono.error(forbidden());
        }
        boolean personalData = scopes.contains(TokenScope.PERSONAL_DATA_READ.authority());
        return feed.after(after, types, personalData, limit)
                .flatMap(page -> !personalData || page.items().isEmpty() ? Mono.just(page)
                        : audit.record(AuditEntry.by(token, AuditAction.FEED_EXPORT, "integration/changes", people(page),
                                page.items().size() + " changes")).thenReturn(page));
    }

    /** The distinct contacts a page of the feed names. */
    private static long people(ChangeFeed.Page page) {
        return page.items().stream().map(change -> change.data() == null ? null : change.data().path("contact").path("id"))
                .filter(id -> id != null && !id.isMissingNode() && !id.isNull()).map(Object::toString).distinct().count();
    }

    @Operation(summary = "Report what became of a lead: ACCEPTED, REJECTED (with a reason), OPPORTUNITY (amount), WON (amount,"
            + " occurredAt) or LOST; the same (contact, crmReference, status) again is the same report (200, not 201). Needs leads:write")
    @PostMapping("/api/integration/leads/{contactId}/outcomes")
    Mono<ResponseEntity<LeadOutcome>> report(@PathVariable long contactId, @Valid @RequestBody OutcomeReported reported,
            Authentication token) {
        if (!scopes(token).contains(TokenScope.LEADS_WRITE.authority())) {
            return Mono.error(forbidden());
        }
        return contacts.find(new ContactId(contactId))
                .switchIfEmpty(Mono.error(() -> new ErrorResponseException(HttpStatus.NOT_FOUND, ProblemDetail.forStatus(HttpStatus.NOT_FOUND),
                        null, "problemDetail.referral.unknown-contact", null)))
                .then(outcomes.record(contactId, reported.crmReference(), reported.status(), reported.reason(), reported.amount(),
                        reported.occurredAt(), token.getName()))
                // The outcome is also a behaviour of the person, for scoring rules and the funnel; a CRM retrying a
                // report that failed here finds the outcome stored and logs the behaviour then (idempotent on its key).
                .flatMap(recorded -> behaviours.record(Behaviour.of(new ContactId(contactId), behaviourOf(recorded.outcome().status()),
                                "crm:" + recorded.outcome().crmReference(), recorded.outcome().occurredAt(),
                                "outcome:" + recorded.outcome().id()))
                        .thenReturn(recorded))
                .map(recorded -> ResponseEntity.status(recorded.created() ? HttpStatus.CREATED : HttpStatus.OK).body(recorded.outcome()));
    }

    @Operation(summary = "Every outcome reported for one lead, oldest first. Needs leads:read")
    @GetMapping("/api/integration/leads/{contactId}/outcomes")
    Mono<List<LeadOutcome>> outcomesOf(@PathVariable long contactId, Authentication token) {
        if (!scopes(token).contains(TokenScope.LEADS_READ.authority())) {
            return Mono.error(forbidden());
        }
        return outcomes.of(contactId).collectList();
    }

    @Operation(summary = "The CRM's outcomes per campaign (campaignId) or overall, as NONE or by REP, PARTNER or DEPARTMENT"
            + " (of the owning advocate of each lead's credited conversion): leads reported on, accepted, rejected,"
            + " opportunities, won, lost, open pipeline and revenue (roles: ADMIN, MARKETER)")
    @GetMapping("/api/lead-outcomes/report")
    Mono<List<OutcomeReport.Row>> outcomeReport(@RequestParam(required = false) Long campaignId,
            @RequestParam(defaultValue = "NONE") OutcomeReport.Grouping by) {
        return report.report(campaignId, by);
    }

    private static BehaviourKind behaviourOf(LeadOutcome.Status status) {
        return switch (status) {
            case ACCEPTED -> BehaviourKind.CRM_ACCEPTED;
            case REJECTED -> BehaviourKind.CRM_REJECTED;
            case OPPORTUNITY -> BehaviourKind.CRM_OPPORTUNITY;
            case WON -> BehaviourKind.CRM_WON;
            case LOST -> BehaviourKind.CRM_LOST;
        };
    }

    private static Set<String> scopes(Authentication token) {
        return token.getAuthorities().stream().map(GrantedAuthority::getAuthority).collect(Collectors.toSet());
    }

    private static ErrorResponseException forbidden() {
        return new ErrorResponseException(HttpStatus.FORBIDDEN, ProblemDetail.forStatus(HttpStatus.FORBIDDEN), null,
                "problemDetail.integration.scope", null);
    }
}

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
    private final EntityChanges entities;

    IntegrationEndpoints(ChangeFeed feed, LeadOutcomes outcomes, OutcomeReport report, Contacts contacts, AuditTrail audit,
            Behaviours behaviours, EntityChanges entities) {
        this.behaviours = behaviours;
        this.entities = entities;
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

    @Operation(summary = "Contacts changed since a cursor (followed, unfollowed, identified, erased), each once with its state now and"
            + " the attribution of its latest attributed change; openid and identity (phone, e-mail) only with personal-data:read."
            + " Needs contacts:read; the cursor is the change feed's")
    @GetMapping("/api/integration/contacts")
    Mono<EntityChanges.Entities<EntityChanges.ContactState>> contactsChanged(@RequestParam(required = false) String after,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit, Authentication token) {
        return entityPage(token, TokenScope.CONTACTS_READ, "integration/contacts",
                personalData -> entities.contacts(after, personalData, limit), EntityChanges.ContactState::id);
    }

    @Operation(summary = "Leads changed since a cursor (captured, qualified), each once: the latest form's answers (personal-data:read),"
            + " whether and how it qualified, the attribution and every outcome the CRM reported. Needs leads:read")
    @GetMapping("/api/integration/leads")
    Mono<EntityChanges.Entities<EntityChanges.LeadState>> leadsChanged(@RequestParam(required = false) String after,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit, Authentication token) {
        return entityPage(token, TokenScope.LEADS_READ, "integration/leads",
                personalData -> entities.leads(after, personalData, limit), EntityChanges.LeadState::contactId);
    }

    @Operation(summary = "Live-event registrations changed since a cursor, one per person and event: REGISTERED or CANCELLED,"
            + " with the attribution. Needs contacts:read")
    @GetMapping("/api/integration/registrations")
    Mono<EntityChanges.Entities<EntityChanges.RegistrationState>> registrationsChanged(@RequestParam(required = false) String after,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit, Authentication token) {
        return entityPage(token, TokenScope.CONTACTS_READ, "integration/registrations",
                personalData -> entities.registrations(after, personalData, limit), EntityChanges.RegistrationState::contactId);
    }

    @Operation(summary = "Attendance recorded since a cursor, one per person and event, with the watch time and the attribution."
            + " Needs contacts:read")
    @GetMapping("/api/integration/attendance")
    Mono<EntityChanges.Entities<EntityChanges.AttendanceState>> attendanceChanged(@RequestParam(required = false) String after,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit, Authentication token) {
        return entityPage(token, TokenScope.CONTACTS_READ, "integration/attendance",
                personalData -> entities.attendance(after, personalData, limit), EntityChanges.AttendanceState::contactId);
    }

    /** One page of an entity list, for a token with {@code scope}; a page with personal data is recorded in the audit log. */
    private <T> Mono<EntityChanges.Entities<T>> entityPage(Authentication token, TokenScope scope, String what,
            java.util.function.Function<Boolean, Mono<EntityChanges.Entities<T>>> page, java.util.function.ToLongFunction<T> person) {
        Set<String> scopes = scopes(token);
        if (!scopes.contains(scope.authority())) {
            return Mono.error(forbidden());
        }
        boolean personalData = scopes.contains(TokenScope.PERSONAL_DATA_READ.authority());
        return page.apply(personalData)
                .flatMap(found -> !personalData || found.items().isEmpty() ? Mono.just(found)
                        : audit.record(AuditEntry.by(token, AuditAction.FEED_EXPORT, what,
                                found.items().stream().mapToLong(person).distinct().count(), found.items().size() + " items"))
                                .thenReturn(found));
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

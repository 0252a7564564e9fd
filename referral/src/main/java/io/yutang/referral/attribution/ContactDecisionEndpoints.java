package io.yutang.referral.attribution;

import io.yutang.referral.Attribution;
import io.yutang.referral.AttributionDecision;
import io.yutang.referral.AuditAction;
import io.yutang.referral.AuditEntry;
import io.yutang.referral.AuditTrail;
import io.yutang.referral.ContactId;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/** "Why was this credited to X?": every attribution decision on one contact (roles: ADMIN, MARKETER); audited. */
@Tag(name = "campaigns")
@SecurityRequirement(name = "basic")
@RestController
public class ContactDecisionEndpoints {

    private final Attribution attribution;
    private final AuditTrail audit;

    ContactDecisionEndpoints(Attribution attribution, AuditTrail audit) {
        this.attribution = attribution;
        this.audit = audit;
    }

    @Operation(summary = "Every attribution decision on the contact's conversions, with its reason; recorded in the audit log")
    @GetMapping("/api/contacts/{id}/decisions")
    Flux<AttributionDecision> decisions(@PathVariable long id, Principal caller) {
        return audit.record(AuditEntry.by(caller, AuditAction.CONTACT_READ, "contact:" + id, 1, "decisions"))
                .thenMany(attribution.decisionsFor(new ContactId(id)));
    }
}

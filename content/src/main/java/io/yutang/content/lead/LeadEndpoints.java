package io.yutang.content.lead;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.yutang.referral.AuditAction;
import io.yutang.referral.AuditTrail;
import io.yutang.referral.Disclosure;
import java.security.Principal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * Marketing's view of an asset's leads (roles: ADMIN, MARKETER); phones and e-mail addresses are
 * masked for everyone but ADMIN, and every listing is in the audit log with the number of leads.
 */
@Tag(name = "assets")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "bearer")
@RestController
class LeadEndpoints {

    private final Leads leads;
    private final AuditTrail audit;

    LeadEndpoints(Leads leads, AuditTrail audit) {
        this.leads = leads;
        this.audit = audit;
    }

    @Operation(summary = "The asset's leads, newest first (at most 5,000), with their download counts; phone and e-mail"
            + " masked (138****5678, z***@example.com) for everyone but ADMIN; recorded in the audit log")
    @GetMapping("/api/assets/{id}/leads")
    Flux<Lead> ofAsset(@PathVariable long id, Principal caller) {
        return audit.recordEach(leads.ofAsset(id, Disclosure.of(caller)), caller, AuditAction.LEAD_EXPORT,
                "asset:" + id + "/leads", "");
    }
}

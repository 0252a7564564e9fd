package io.yutang.content.lead;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/** Marketing's view of an asset's leads (roles: ADMIN, MARKETER); phone numbers are masked. */
@Tag(name = "assets")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "bearer")
@RestController
class LeadEndpoints {

    private final Leads leads;

    LeadEndpoints(Leads leads) {
        this.leads = leads;
    }

    @Operation(summary = "The asset's leads, newest first (at most 5,000), with their download counts")
    @GetMapping("/api/assets/{id}/leads")
    Flux<Lead> ofAsset(@PathVariable long id) {
        return leads.ofAsset(id);
    }
}

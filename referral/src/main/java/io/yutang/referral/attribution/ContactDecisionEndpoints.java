package io.yutang.referral.attribution;

import io.yutang.referral.Attribution;
import io.yutang.referral.AttributionDecision;
import io.yutang.referral.ContactId;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/** "Why was this credited to X?": every attribution decision on one contact (roles: ADMIN, MARKETER). */
@Tag(name = "campaigns")
@SecurityRequirement(name = "basic")
@RestController
public class ContactDecisionEndpoints {

    private final Attribution attribution;

    ContactDecisionEndpoints(Attribution attribution) {
        this.attribution = attribution;
    }

    @Operation(summary = "Every attribution decision on the contact's conversions, with its reason")
    @GetMapping("/api/contacts/{id}/decisions")
    Flux<AttributionDecision> decisions(@PathVariable long id) {
        return attribution.decisionsFor(new ContactId(id));
    }
}

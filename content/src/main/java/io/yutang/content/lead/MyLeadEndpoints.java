package io.yutang.content.lead;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.yutang.content.asset.UnknownAsset;
import io.yutang.referral.Viewer;
import jakarta.validation.Valid;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A signed-in WeChat user passing a gated asset's gate (H5 session, CSRF token in the
 * {@code X-CSRF-TOKEN} header). Passing is a PUT: the same form twice is one lead.
 */
@Tag(name = "my leads", description = "Pass a gated asset's gate and get its download link (H5 session)")
@SecurityRequirement(name = "session")
@RestController
@RequestMapping("/my/assets/{id}/lead")
class MyLeadEndpoints {

    private final Leads leads;

    MyLeadEndpoints(Leads leads) {
        this.leads = leads;
    }

    @Operation(summary = "Pass the gate: my answers and consents; answers a signed, expiring download link")
    @PutMapping
    Mono<LeadReceipt> submit(@PathVariable long id, @AuthenticationPrincipal Viewer viewer, @RequestBody @Valid LeadForm form) {
        return leads.submit(id, viewer, form);
    }

    @Operation(summary = "A fresh download link, when I passed the gate before (404 otherwise)")
    @GetMapping
    Mono<LeadReceipt> again(@PathVariable long id, @AuthenticationPrincipal Viewer viewer) {
        return leads.again(id, viewer.contact()).switchIfEmpty(Mono.error(UnknownAsset::new));
    }
}

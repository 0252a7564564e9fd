package io.yutang.referral.report;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.yutang.referral.campaign.CampaignStore;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Day-by-day activity for the console's overview, and a campaign's funnel. */
@Tag(name = "reports", description = "Activity per day and campaign funnels")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "bearer")
@Validated
@RestController
class CampaignReportEndpoints {

    private final CampaignReports reports;
    private final CampaignStore campaigns;

    CampaignReportEndpoints(CampaignReports reports, CampaignStore campaigns) {
        this.reports = reports;
        this.campaigns = campaigns;
    }

    @Operation(summary = "Scans, new followers, registrations, attendees, leads and qualified leads per day (China time), today last")
    @GetMapping("/api/activity")
    Flux<DailyActivity> activity(@RequestParam(defaultValue = "14") @Min(1) @Max(366) int days) {
        return reports.activity(days);
    }

    @Operation(summary = "The campaign's funnel: scanned, followed, registered, attended, lead, qualified lead (distinct people),"
            + " overall (NONE) or by ADVOCATE or DEPARTMENT")
    @GetMapping("/api/campaigns/{id}/funnel")
    Mono<Funnel> funnel(@PathVariable long id, @RequestParam(defaultValue = "NONE") FunnelGrouping by) {
        return campaigns.find(id).then(reports.funnel(id, by));
    }
}

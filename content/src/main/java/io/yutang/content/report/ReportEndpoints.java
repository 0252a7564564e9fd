package io.yutang.content.report;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Marketing's reports on articles and gated assets (roles: ADMIN, MARKETER). */
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "bearer")
@RestController
class ReportEndpoints {

    private final ContentReports reports;

    ReportEndpoints(ContentReports reports) {
        this.reports = reports;
    }

    @Operation(tags = "articles", summary = "The article's views, viewers and reads (dwell, scroll), split by sharer, department and partner")
    @GetMapping("/api/articles/{id}/report")
    Mono<ContentReport<ArticleFigures>> article(@PathVariable long id) {
        return reports.article(id);
    }

    @Operation(tags = "assets", summary = "The asset's views, viewers, leads and downloads, split by sharer, department and partner")
    @GetMapping("/api/assets/{id}/report")
    Mono<ContentReport<AssetFigures>> asset(@PathVariable long id) {
        return reports.asset(id);
    }
}

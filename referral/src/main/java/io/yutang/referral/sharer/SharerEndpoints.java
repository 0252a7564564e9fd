package io.yutang.referral.sharer;

import io.yutang.referral.ReferralProperties;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Marketing's API for sharers: import employees and partners, and issue binding links. */
@Tag(name = "sharers", description = "Employees and partners who share campaigns")
@SecurityRequirement(name = "basic")
@RestController
@RequestMapping("/api/sharers")
@Validated
public class SharerEndpoints {

    private final SharerStore sharers;
    private final ReferralProperties properties;

    SharerEndpoints(SharerStore sharers, ReferralProperties properties) {
        this.sharers = sharers;
        this.properties = properties;
    }

    @Operation(summary = "Import employees and partners, idempotent on (kind, externalId); bad rows are reported,"
            + " good rows kept (roles: ADMIN, MARKETER)")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ImportReport> importRows(@RequestBody @NotNull @Size(max = 10_000) List<SharerRow> rows) {
        return sharers.importRows(rows);
    }

    @Operation(summary = "The same import as CSV with a header row: kind, externalId, name, title, department,"
            + " company, managerExternalId, avatarUrl (roles: ADMIN, MARKETER)")
    @PostMapping(consumes = "text/csv")
    Mono<ImportReport> importCsv(@RequestBody String csv) {
        return Mono.fromCallable(() -> SharerCsv.parse(csv)).flatMap(sharers::importRows);
    }

    @Operation(summary = "A one-time link that binds this sharer to the WeChat user who opens it (roles: ADMIN, MARKETER)")
    @PostMapping("/{id}/binding-links")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<IssuedLink> issueBindingLink(@PathVariable long id) {
        return sharers.issueBindingLink(id).map(link -> new IssuedLink(link.sharerId(),
                properties.publicBaseUrl().resolve("/bind/" + link.token()), link.expiresAt()));
    }

    /** A binding link to send to the sharer (for example by enterprise WeChat or email). */
    record IssuedLink(long sharerId, URI url, Instant expiresAt) {
    }
}

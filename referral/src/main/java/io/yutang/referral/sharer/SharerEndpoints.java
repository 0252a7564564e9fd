package io.yutang.referral.sharer;

import io.yutang.referral.ReferralProperties;
import io.yutang.referral.SharerKind;
import io.yutang.referral.contact.Disclosure;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Marketing's API for sharers: import employees and partners, find them, and issue binding links. */
@Tag(name = "sharers", description = "Employees and partners who share campaigns")
@SecurityRequirement(name = "basic")
@RestController
@RequestMapping("/api/sharers")
@Validated
public class SharerEndpoints {

    /** The most sharers one page of the list holds. */
    public static final int MAX_PAGE_SIZE = 200;

    private final SharerStore sharers;
    private final ReferralProperties properties;
    private final MessageSource messages;

    SharerEndpoints(SharerStore sharers, ReferralProperties properties, MessageSource messages) {
        this.sharers = sharers;
        this.properties = properties;
        this.messages = messages;
    }

    @Operation(summary = "Sharers matching every filter given, oldest first, a page at a time (at most 200), with the"
            + " total; q matches the name or external id anywhere. Prospects' names are masked for all but ADMIN"
            + " (roles: ADMIN, MARKETER)")
    @GetMapping
    Mono<SharerPage> list(@RequestParam(required = false) String q, @RequestParam(required = false) String department,
            @RequestParam(required = false) SharerKind kind, @RequestParam(required = false) String externalId,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(MAX_PAGE_SIZE) int size, Principal caller) {
        Disclosure disclosure = Disclosure.of(caller);
        return sharers.search(q, department, kind, externalId, page, size)
                .map(found -> new SharerPage(found.items().stream()
                        .map(item -> item.kind() == SharerKind.PROSPECT ? item.named(disclosure.name(item.name())) : item)
                        .toList(), found.total(), found.page(), found.size()));
    }

    @Operation(summary = "Import employees and partners, idempotent on (kind, externalId); each imported row comes back"
            + " with its sharer's id, bad rows are reported (row = position from 1) with a reason code and a message,"
            + " good rows kept (roles: ADMIN, MARKETER)")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ImportReport> importRows(@RequestBody @NotNull @Size(max = 10_000) List<SharerRow> rows, Locale locale) {
        return sharers.importRows(rows).map(report -> explained(report, locale));
    }

    @Operation(summary = "The same import as CSV with a header row: kind, externalId, name, title, department,"
            + " company, managerExternalId, avatarUrl; rows are numbered as a spreadsheet shows them (the header is row 1)"
            + " (roles: ADMIN, MARKETER)")
    @PostMapping(consumes = "text/csv")
    Mono<ImportReport> importCsv(@RequestBody String csv, Locale locale) {
        return Mono.fromCallable(() -> SharerCsv.numbered(csv)).flatMap(sharers::importNumbered)
                .map(report -> explained(report, locale));
    }

    private ImportReport explained(ImportReport report, Locale locale) {
        return report.explained(reason -> messages.getMessage("sharer.import.reason." + reason, null, reason, locale));
    }

    @Operation(summary = "A one-time link that binds this sharer to the WeChat user who opens it (roles: ADMIN, MARKETER)")
    @PostMapping("/{id}/binding-links")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<IssuedLink> issueBindingLink(@PathVariable long id) {
        return sharers.issueBindingLink(id).map(link -> {
            URI url = properties.publicBaseUrl().resolve("/bind/" + link.token());
            return new IssuedLink(link.sharerId(), url, link.expiresAt(), QrSvg.of(url.toString()));
        });
    }

    /**
     * A binding link to send to the sharer (for example by enterprise WeChat or email).
     *
     * @param qrSvg the link as a QR code (an SVG document) for the sharer to scan in WeChat
     */
    record IssuedLink(long sharerId, URI url, Instant expiresAt, String qrSvg) {
    }
}

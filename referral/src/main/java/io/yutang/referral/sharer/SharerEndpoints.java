package io.yutang.referral.sharer;

import io.yutang.referral.ReferralProperties;
import io.yutang.referral.SharerKind;
import io.yutang.referral.Disclosure;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.codec.Decoder;
import org.springframework.core.codec.StringDecoder;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;
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

    /** The most rows one import may hold. */
    public static final int MAX_IMPORT_ROWS = 10_000;

    /** The largest import body: 10,000 rows of about 110 bytes take 1.1 MB; long Chinese texts in every field fit too. */
    public static final int MAX_IMPORT_BYTES = 5 * 1024 * 1024;

    private static final ResolvableType ROWS = ResolvableType.forClassWithGenerics(List.class, SharerRow.class);

    private final SharerStore sharers;
    private final ReferralProperties properties;
    private final MessageSource messages;
    private final JacksonJsonDecoder json;
    private final StringDecoder text = StringDecoder.allMimeTypes();

    SharerEndpoints(SharerStore sharers, ReferralProperties properties, MessageSource messages, JsonMapper mapper) {
        this.sharers = sharers;
        this.properties = properties;
        this.messages = messages;
        this.json = new JacksonJsonDecoder(mapper);
        this.json.setMaxInMemorySize(MAX_IMPORT_BYTES);
        this.text.setMaxInMemorySize(MAX_IMPORT_BYTES);
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
    Mono<ImportReport> importRows(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            array = @ArraySchema(schema = @Schema(implementation = SharerRow.class)))) @RequestBody Flux<DataBuffer> body,
            Locale locale) {
        return SharerEndpoints.<List<SharerRow>>decoded(json, body, ROWS, MediaType.APPLICATION_JSON)
                .flatMap(rows -> rows.size() > MAX_IMPORT_ROWS ? Mono.error(new ImportTooLarge()) : sharers.importRows(rows))
                .map(report -> explained(report, locale));
    }

    @Operation(summary = "The same import as CSV with a header row: kind, externalId, name, title, department,"
            + " company, managerExternalId, avatarUrl; rows are numbered as a spreadsheet shows them (the header is row 1)"
            + " (roles: ADMIN, MARKETER)")
    @PostMapping(consumes = "text/csv")
    Mono<ImportReport> importCsv(@RequestBody Flux<DataBuffer> body, Locale locale) {
        return SharerEndpoints.<String>decoded(text, body, ResolvableType.forClass(String.class), MediaType.parseMediaType("text/csv"))
                .map(SharerCsv::numbered)
                .flatMap(rows -> rows.size() > MAX_IMPORT_ROWS ? Mono.error(new ImportTooLarge()) : sharers.importNumbered(rows))
                .map(report -> explained(report, locale));
    }

    /**
     * The body read whole by {@code decoder} with the import's own limit (the codecs' default of
     * 256 KB holds about 2,000 rows); too large is a 413, unreadable a 400 as for any other body.
     */
    private static <T> Mono<T> decoded(Decoder<?> decoder, Flux<DataBuffer> body, ResolvableType type, MediaType mediaType) {
        @SuppressWarnings("unchecked")
        Mono<T> decoded = (Mono<T>) decoder.decodeToMono(body, type, mediaType, Map.of());
        return decoded
                .onErrorMap(DataBufferLimitException.class, e -> new ImportTooLarge())
                .onErrorMap(DecodingException.class, e -> new ServerWebInputException("Failed to read the import", null, e))
                .switchIfEmpty(Mono.error(() -> new ServerWebInputException("The import is empty")));
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

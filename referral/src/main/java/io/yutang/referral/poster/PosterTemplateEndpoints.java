package io.yutang.referral.poster;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.List;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePart;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Marketing's API for poster templates (roles: ADMIN, MARKETER). */
@Tag(name = "poster templates", description = "Poster backgrounds and placements, versioned by name")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "bearer")
@RestController
@RequestMapping("/api/poster-templates")
class PosterTemplateEndpoints {

    static final int MAX_BACKGROUND_BYTES = 5 * 1024 * 1024;

    private final PosterTemplates templates;

    PosterTemplateEndpoints(PosterTemplates templates) {
        this.templates = templates;
    }

    @Operation(summary = "Upload a template: part 'background' (PNG or JPEG, at most 5 MB and 4096 px a side) and part"
            + " 'layout' (JSON: name, placements avatar/name/qr and optional title/campaignText); an existing name"
            + " gets its next version")
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Mono<PosterTemplate> upload(@RequestPart("background") FilePart background,
            @RequestPart("layout") PosterTemplateDraft layout, Principal staff) {
        return DataBufferUtils.join(background.content(), MAX_BACKGROUND_BYTES)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, e -> new InvalidPosterTemplate(
                        List.of(PosterTemplateDraft.problem("background", "larger-than-5MB"))))
                .flatMap(bytes -> templates.upload(layout, bytes, staff.getName()));
    }

    @Operation(summary = "The latest version of each template")
    @GetMapping
    Flux<PosterTemplate> list() {
        return templates.latestVersions();
    }

    @Operation(summary = "Every version of one template, newest first")
    @GetMapping("/versions")
    Flux<PosterTemplate> versions(@RequestParam String name) {
        return templates.versions(name);
    }

    @Operation(summary = "One version's background image as uploaded (PNG or JPEG)")
    @GetMapping(path = "/{id}/background", produces = {MediaType.IMAGE_PNG_VALUE, MediaType.IMAGE_JPEG_VALUE})
    Mono<ResponseEntity<byte[]>> background(@PathVariable long id) {
        return templates.background(id).map(bytes -> ResponseEntity.ok()
                .contentType(bytes.length > 1 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8
                        ? MediaType.IMAGE_JPEG : MediaType.IMAGE_PNG)
                .cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePrivate())
                .body(bytes));
    }
}

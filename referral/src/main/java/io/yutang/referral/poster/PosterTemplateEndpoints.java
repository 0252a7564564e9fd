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
import org.springframework.web.bind.annotation.GetMapping;
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
}

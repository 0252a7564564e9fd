package io.yutang.referral.poster;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.yutang.referral.Viewer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Posters as PNG: a signed-in sharer's own (H5 session), any sharer's and a department's zip (marketing). */
@Tag(name = "posters", description = "SharerStore' campaign posters (PNG), one by one or a department's as a zip")
@RestController
class PosterEndpoints {

    private static final CacheControl PRIVATE_FIVE_MINUTES = CacheControl.maxAge(Duration.ofMinutes(5)).cachePrivate();
    private static final MediaType ZIP = MediaType.parseMediaType("application/zip");

    private final Posters posters;

    PosterEndpoints(Posters posters) {
        this.posters = posters;
    }

    @Operation(summary = "My poster for the campaign, with my share link's QR code (employee, partner or prospect)")
    @SecurityRequirement(name = "session")
    @GetMapping(path = "/my/campaigns/{id}/poster", produces = MediaType.IMAGE_PNG_VALUE)
    Mono<ResponseEntity<byte[]>> mine(@PathVariable long id, @AuthenticationPrincipal Viewer viewer) {
        return posters.ofContact(id, viewer.contact()).map(PosterEndpoints::png);
    }

    @Operation(summary = "A sharer's poster for the campaign (roles: ADMIN, MARKETER)")
    @SecurityRequirement(name = "basic")
    @SecurityRequirement(name = "bearer")
    @GetMapping(path = "/api/campaigns/{id}/sharers/{sharerId}/poster", produces = MediaType.IMAGE_PNG_VALUE)
    Mono<ResponseEntity<byte[]>> ofSharer(@PathVariable long id, @PathVariable long sharerId) {
        return posters.ofSharer(id, sharerId).map(PosterEndpoints::png);
    }

    @Operation(summary = "The posters of a department's employees, one PNG each (<sharerId>-<name>.png), streamed as a zip"
            + " (roles: ADMIN, MARKETER)")
    @SecurityRequirement(name = "basic")
    @SecurityRequirement(name = "bearer")
    @GetMapping(path = "/api/campaigns/{id}/posters.zip", produces = "application/zip")
    Mono<ResponseEntity<Flux<DataBuffer>>> department(@PathVariable long id, @RequestParam String department) {
        String file = "campaign-" + id + "-" + department + "-posters.zip";
        return posters.zipOfDepartment(id, department).map(zip -> ResponseEntity.ok()
                .contentType(ZIP)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file, StandardCharsets.UTF_8)
                        .build().toString())
                .cacheControl(CacheControl.noStore())
                .body(zip));
    }

    private static ResponseEntity<byte[]> png(byte[] png) {
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(PRIVATE_FIVE_MINUTES).body(png);
    }
}

package io.yutang.content.asset;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Marketing's API for gated assets (roles: ADMIN, MARKETER). Files are uploaded as the request's
 * raw body ({@code curl --data-binary @whitepaper.pdf}), streamed to the store as they arrive.
 */
@Tag(name = "assets", description = "Gated assets: settings, file versions, cover")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "bearer")
@RestController
@RequestMapping("/api/assets")
class AssetEndpoints {

    private final Assets assets;

    AssetEndpoints(Assets assets) {
        this.assets = assets;
    }

    @Operation(summary = "Create a gated asset (a draft until it has a file or an external URL and is published)")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Asset> create(@RequestBody @Valid AssetDraft draft) {
        return assets.create(draft);
    }

    @Operation(summary = "Edit a gated asset's settings")
    @PutMapping("/{id}")
    Mono<Asset> update(@PathVariable long id, @RequestBody @Valid AssetDraft draft) {
        return assets.update(id, draft);
    }

    @Operation(summary = "All gated assets, newest first")
    @GetMapping
    Flux<Asset> list() {
        return assets.list();
    }

    @Operation(summary = "One gated asset")
    @GetMapping("/{id}")
    Mono<Asset> find(@PathVariable long id) {
        return assets.find(id).switchIfEmpty(Mono.error(UnknownAsset::new));
    }

    @Operation(summary = "Upload the asset's file as its next version (raw body, at most yutang.content.largest-file)")
    @PostMapping("/{id}/versions")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<AssetVersion> upload(@PathVariable long id, @RequestParam String fileName,
            @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @RequestBody Flux<DataBuffer> body) {
        return assets.upload(id, fileName, contentType, body);
    }

    @Operation(summary = "The asset's file versions, newest first")
    @GetMapping("/{id}/versions")
    Flux<AssetVersion> versions(@PathVariable long id) {
        return assets.versions(id);
    }

    @Operation(summary = "Replace the asset's cover image (raw body: PNG, JPEG or WebP, at most 5 MB)")
    @PutMapping("/{id}/cover")
    Mono<Asset> cover(@PathVariable long id, @RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
            @RequestBody Flux<DataBuffer> body) {
        return assets.cover(id, contentType, body);
    }
}

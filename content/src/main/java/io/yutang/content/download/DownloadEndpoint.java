package io.yutang.content.download;

import io.swagger.v3.oas.annotations.Hidden;
import io.yutang.content.asset.Assets;
import io.yutang.content.asset.AssetVersion;
import io.yutang.content.asset.UnknownAsset;
import io.yutang.content.storage.ObjectStore;
import io.yutang.referral.Behaviour;
import io.yutang.referral.BehaviourKind;
import io.yutang.referral.Behaviours;
import io.yutang.referral.ContactId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Serves a signed download link: the version it was issued for from local files (with
 * {@code Range}, for players and resumed downloads), or a redirect to a pre-signed URL of the
 * object store, or to the asset's external address. Each request is recorded.
 */
@Hidden
@RestController
class DownloadEndpoint {

    private static final Duration LONGEST_REDIRECT = Duration.ofMinutes(5);

    private final DownloadLinks links;
    private final Assets assets;
    private final ObjectStore store;
    private final DatabaseClient db;
    private final Behaviours behaviours;
    private final Clock clock;

    DownloadEndpoint(DownloadLinks links, Assets assets, ObjectStore store, DatabaseClient db, Behaviours behaviours,
            Clock clock) {
        this.behaviours = behaviours;
        this.links = links;
        this.assets = assets;
        this.store = store;
        this.db = db;
        this.clock = clock;
    }

    @GetMapping("/c/downloads/{token}")
    Mono<ResponseEntity<Resource>> download(@PathVariable String token,
            @RequestHeader(name = HttpHeaders.RANGE, required = false) String range) {
        // A player or a resumed download asks for parts; only a request for the whole file (or "bytes=0-") counts as a download.
        boolean partial = range != null && !range.strip().equals("bytes=0-");
        return links.verify(token).flatMap(grant -> recorded(grant, partial).then(grant.version() == null
                ? assets.find(grant.assetId()).filter(asset -> asset.externalUrl() != null)
                        .switchIfEmpty(Mono.error(UnknownAsset::new))
                        .map(asset -> ResponseEntity.status(HttpStatus.FOUND).location(asset.externalUrl())
                                .cacheControl(CacheControl.noStore()).<Resource>build())
                : file(grant)));
    }

    private Mono<ResponseEntity<Resource>> file(DownloadLinks.Grant grant) {
        return Mono.zip(assets.version(grant.assetId(), grant.version()), assets.objectKey(grant.assetId(), grant.version()))
                .switchIfEmpty(Mono.error(UnknownAsset::new))
                .flatMap(found -> {
                    AssetVersion version = found.getT1();
                    String disposition = disposition(version.fileName());
                    Duration left = Duration.between(clock.instant(), grant.expiresAt());
                    return store.presigned(found.getT2(), left.compareTo(LONGEST_REDIRECT) < 0 ? left : LONGEST_REDIRECT, disposition)
                            .map(url -> Mono.just(ResponseEntity.status(HttpStatus.FOUND).location(url)
                                    .cacheControl(CacheControl.noStore()).<Resource>build()))
                            .orElseGet(() -> store.local(found.getT2())
                                    .switchIfEmpty(Mono.error(UnknownAsset::new))
                                    .map(resource -> ResponseEntity.ok()
                                            .header(HttpHeaders.CONTENT_DISPOSITION, disposition)
                                            .header(HttpHeaders.ACCEPT_RANGES, "bytes")
                                            .cacheControl(CacheControl.noStore())
                                            .contentType(MediaType.parseMediaType(version.contentType()))
                                            .body(resource)));
                });
    }

    private Mono<Void> recorded(DownloadLinks.Grant grant, boolean partial) {
        Instant now = clock.instant();
        return db.sql("""
                        insert into content.download (asset_id, version, lead_id, partial, downloaded_at)
                        select :asset, :version, id, :partial, :now from content.lead where id = :lead and asset_id = :asset
                        returning id, (select contact_id from content.lead where id = :lead) as contact_id""")
                .bind("asset", grant.assetId())
                .bind("version", Parameter.fromOrEmpty(grant.version(), Integer.class))
                .bind("lead", grant.leadId())
                .bind("partial", partial)
                .bind("now", now)
                .map(row -> Behaviour.of(new ContactId(row.get("contact_id", Long.class)), BehaviourKind.DOWNLOAD,
                        "content:" + grant.assetId(), now, "download:" + row.get("id", Long.class)))
                .one()
                .switchIfEmpty(Mono.error(UnknownAsset::new))
                .flatMap(download -> partial ? Mono.empty() : behaviours.record(download));
    }

    /**
     * {@code attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded name>}, so
     * browsers old and new save a Chinese file name correctly (RFC 6266).
     */
    static String disposition(String fileName) {
        String ascii = fileName.replaceAll("[^\\x20-\\x7e]", "_").replace("\"", "_").replace("\\", "_");
        String encoded = ContentDisposition.attachment().filename(fileName, StandardCharsets.UTF_8).build().toString();
        return "attachment; filename=\"" + ascii + "\"; " + encoded.substring(encoded.indexOf("filename*="));
    }
}

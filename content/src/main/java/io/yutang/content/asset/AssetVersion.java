package io.yutang.content.asset;

import java.time.Instant;

/** One uploaded file of an asset; a download link names the version it was issued for. */
public record AssetVersion(long assetId, int version, String fileName, String contentType, long sizeBytes, String sha256,
        Instant uploadedAt) {
}

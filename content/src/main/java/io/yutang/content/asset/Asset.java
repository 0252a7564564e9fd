package io.yutang.content.asset;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A gated asset as marketing sees it.
 *
 * @param pageUrl the asset's H5 page, the target of a {@code CONTENT} campaign
 * @param current the version new downloads get, or null before the first upload
 */
public record Asset(long id, String title, String summary, AssetStatus status, List<GateField> gateFields,
        String deliveryConsent, String marketingConsent, String sharingConsent, URI externalUrl, boolean cover,
        AssetVersion current, URI pageUrl, Instant createdAt, Instant updatedAt, @JsonIgnore String coverKey,
        @JsonIgnore String coverType) {

    /** Whether prospects get something after the gate: a file or an external address. */
    public boolean deliverable() {
        return externalUrl != null || current != null;
    }
}

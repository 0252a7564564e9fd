package io.yutang.content.asset;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;

/**
 * What marketing says about a gated asset. The file comes separately, as versions; an asset with
 * an external URL sends prospects there once they pass the gate instead.
 *
 * @param gateFields what the gate asks; without any, name, company and phone, all required
 * @param deliveryConsent the required checkbox's text: being contacted about this download
 * @param marketingConsent the optional checkbox for marketing messages, or null not to ask
 * @param sharingConsent the optional checkbox for sharing the lead with the CRM or the partner who brought them
 */
public record AssetDraft(
        @NotBlank @Size(max = 100) String title,
        @Size(max = 2000) String summary,
        @Size(max = 20) List<@NotNull @Valid GateField> gateFields,
        @NotBlank @Size(max = 1000) String deliveryConsent,
        @Size(max = 1000) String marketingConsent,
        @Size(max = 1000) String sharingConsent,
        URI externalUrl,
        AssetStatus status) {
}

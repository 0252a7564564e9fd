package io.yutang.content.lead;

import java.net.URI;
import java.time.Instant;

/**
 * What the gate answers once passed.
 *
 * @param download the signed link to the file (or to the external address), working until {@code expiresAt}
 */
public record LeadReceipt(long leadId, URI download, Instant expiresAt) {
}

package io.yutang.gateway.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A webhook endpoint as the API shows it (never its secrets).
 *
 * @param rotating whether a previous secret still signs deliveries alongside the current one
 * @param disabledReason why yutang disabled it (5 days of failures), or null
 */
record Subscription(long id, URI url, String description, List<String> eventTypes, boolean enabled, String createdBy,
        Instant createdAt, Instant updatedAt, Instant lastSuccessAt, Instant disabledAt, String disabledReason, boolean rotating) {
}

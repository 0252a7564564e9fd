package io.yutang.referral;

import java.time.Instant;

/**
 * A filter of the audit log; every part is optional (null) but the limit.
 *
 * @param subject an exact subject ({@code contact:42}), or a prefix ending with {@code *} ({@code campaign:7/*})
 * @param from recorded at or after
 * @param to recorded before
 * @param before only entries older than this one (the cursor of the previous page)
 * @param limit at most this many, 1–500
 */
public record AuditQuery(String actor, AuditAction action, String subject, Instant from, Instant to, Long before, int limit) {
}

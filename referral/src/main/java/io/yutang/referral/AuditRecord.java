package io.yutang.referral;

import java.time.Instant;

/** An entry of the audit log as stored: its id (the listing's cursor) and when it was recorded. */
public record AuditRecord(long id, Instant recordedAt, String actor, AuditAction action, String subject, long people,
        String detail) {
}

package io.yutang.referral;

import java.util.List;

/**
 * A page of the audit log, newest first.
 *
 * @param next the cursor of the next (older) page, or null when this one is the last
 */
public record AuditPage(List<AuditRecord> items, String next) {
}

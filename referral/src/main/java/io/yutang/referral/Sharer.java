package io.yutang.referral;

import io.r2dbc.spi.Readable;

/**
 * Someone who shares campaigns: an employee, a partner's staff member, or a prospect who shared
 * onwards ({@code kind} PROSPECT).
 *
 * @param contactId the bound WeChat contact, or null while unbound
 */
public record Sharer(long id, String kind, String name, String title, String department, String company,
        String avatarUrl, Long contactId) {

    static final String COLUMNS = "id, kind, name, title, department, company, avatar_url, contact_id";

    static Sharer of(Readable row) {
        return prefixed(row, "");
    }

    /** The sharer in columns named with {@code prefix} (e.g. {@code r_id}, {@code r_name}). */
    static Sharer prefixed(Readable row, String prefix) {
        return new Sharer(row.get(prefix + "id", Long.class), row.get(prefix + "kind", String.class),
                row.get(prefix + "name", String.class), row.get(prefix + "title", String.class),
                row.get(prefix + "department", String.class), row.get(prefix + "company", String.class),
                row.get(prefix + "avatar_url", String.class), row.get(prefix + "contact_id", Long.class));
    }

    @Override
    public String toString() {
        return "Sharer[id=" + id + ", kind=" + kind + ", name=" + (name == null || name.isEmpty() ? "" : name.charAt(0) + "**") + "]";
    }
}

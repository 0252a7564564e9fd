package io.yutang.referral;

/**
 * Someone who shares campaigns: an employee, a partner's staff member, or a prospect who shared
 * onwards (kind {@link SharerKind#PROSPECT}).
 *
 * @param contactId the bound WeChat contact, or null while unbound
 */
public record Sharer(long id, SharerKind kind, String name, String title, String department, String company,
        String avatarUrl, Long contactId) {

    @Override
    public String toString() {
        return "Sharer[id=" + id + ", kind=" + kind + ", name=" + (name == null || name.isEmpty() ? "" : name.charAt(0) + "**") + "]";
    }
}

package io.yutang.referral;

/** Who shares: employees and partners, who are imported and give their bound WeChat user a role, and prospects sharing onwards. */
public enum SharerKind {
    /** An employee, typically a sales rep: role REP. */
    EMPLOYEE("REP"),
    /** A channel partner's staff member: role PARTNER. */
    PARTNER("PARTNER"),
    /** A prospect who asked for their own link to share onwards; made by referral, never imported, no role. */
    PROSPECT(null);

    private final String role;

    SharerKind(String role) {
        this.role = role;
    }

    /** The role a WeChat user bound to such a sharer has; null for a prospect. */
    public String role() {
        return role;
    }
}

package io.yutang.referral;

/** Who shares on the company's behalf; each kind gives its bound WeChat user a role. */
public enum SharerKind {
    /** An employee, typically a sales rep: role REP. */
    EMPLOYEE("REP"),
    /** A channel partner's staff member: role PARTNER. */
    PARTNER("PARTNER");

    private final String role;

    SharerKind(String role) {
        this.role = role;
    }

    /** The role a WeChat user bound to such a sharer has. */
    public String role() {
        return role;
    }
}

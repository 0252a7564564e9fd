package io.yutang.gateway.staff;

import java.util.List;

/** A console user as the API shows them (never the password hash). */
record StaffMember(long id, String username, String displayName, List<StaffRole> roles) {
}

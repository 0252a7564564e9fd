package io.yutang.gateway.staff;

/** What a staff member or an integration may do. */
public enum StaffRole {
    /** Everything, including staff accounts and API tokens. */
    ADMIN,
    /** Campaigns, content, events and reports. */
    MARKETER,
    /** An integration (e.g. a CRM) calling with an API token. */
    INTEGRATION
}

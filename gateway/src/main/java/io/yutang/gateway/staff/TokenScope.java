package io.yutang.gateway.staff;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** What an integration token may do beyond saying who it is; granted per token by the ADMIN who issues it. */
public enum TokenScope {
    /** Read the change feed's contact, registration and attendance events. */
    CONTACTS_READ("contacts:read"),
    /** Read the change feed's lead events. */
    LEADS_READ("leads:read"),
    /** Report what became of a lead (accepted, opportunity, won…). */
    LEADS_WRITE("leads:write"),
    /** See personal data in what it reads (openids, names, phones); without it they are left out. */
    PERSONAL_DATA_READ("personal-data:read");

    private final String wireName;

    TokenScope(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The authority a token with this scope holds. */
    public String authority() {
        return "SCOPE_" + wireName;
    }

    static Optional<TokenScope> named(String wireName) {
        return Arrays.stream(values()).filter(scope -> scope.wireName.equals(wireName)).findFirst();
    }
}

package io.yutang.referral.contact;

import java.security.Principal;
import org.springframework.security.core.Authentication;

/**
 * How much of a prospect's personal data (name, nickname, phone) a staff member sees: an
 * administrator everything, anyone else (a marketer, an integration) a masked form that keeps
 * the first character of a name ({@code 王**}) and the first three and last four digits of a
 * phone ({@code 138****5678}).
 */
public enum Disclosure {
    /** Shown as stored. */
    FULL,
    /** Shown masked. */
    MASKED;

    /** What the signed-in caller may see: {@link #FULL} for role ADMIN only. */
    public static Disclosure of(Principal caller) {
        return caller instanceof Authentication authentication && authentication.getAuthorities().stream()
                .anyMatch(authority -> "ROLE_ADMIN".equals(authority.getAuthority())) ? FULL : MASKED;
    }

    /** A person's name or nickname as this audience may see it; null stays null. */
    public String name(String name) {
        if (this == FULL || name == null || name.isEmpty()) {
            return name;
        }
        return name.substring(0, name.offsetByCodePoints(0, 1)) + "**";
    }

    /** A phone number as this audience may see it; null stays null. */
    public String phone(String phone) {
        if (this == FULL || phone == null) {
            return phone;
        }
        return phone.length() < 8 ? "****" : phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
    }
}

package io.yutang.referral;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.core.Authentication;

/**
 * How much of a prospect's personal data (name, nickname, phone, e-mail) a staff member sees: an
 * administrator everything, anyone else (a marketer, an integration) a masked form that keeps
 * the first character of a name ({@code 王**}), the first three and last four digits of a
 * phone ({@code 138****5678}) and the first character and the domain of an e-mail address
 * ({@code z***@example.com}). The one rule of masking in yutang: every module's lists and exports
 * (and log lines) mask through it.
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

    /** An e-mail address as this audience may see it; null stays null. */
    public String email(String email) {
        if (this == FULL || email == null || email.isEmpty()) {
            return email;
        }
        int at = email.lastIndexOf('@');
        return at <= 0 ? "***" : email.substring(0, email.offsetByCodePoints(0, 1)) + "***" + email.substring(at);
    }

    /**
     * A form's answers as this audience may see them: the {@code phone} and {@code email} answers
     * masked, the others as given.
     */
    public Map<String, String> answers(Map<String, String> answers) {
        if (this == FULL || answers == null) {
            return answers;
        }
        Map<String, String> shown = new LinkedHashMap<>(answers);
        shown.computeIfPresent("phone", (key, phone) -> phone(phone));
        shown.computeIfPresent("email", (key, email) -> email(email));
        return shown;
    }
}

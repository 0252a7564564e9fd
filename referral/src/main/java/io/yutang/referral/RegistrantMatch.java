package io.yutang.referral;

/**
 * A contact found by a form answer, with the name and phone the form holds (either may be null).
 * Personal data: {@link #toString()} masks both.
 */
public record RegistrantMatch(ContactId contact, String name, String phone) {

    @Override
    public String toString() {
        return "RegistrantMatch[contact=" + contact + ", name=" + (name == null || name.isEmpty() ? "" : name.charAt(0) + "**")
                + ", phone=" + (phone == null ? "" : "****") + "]";
    }
}

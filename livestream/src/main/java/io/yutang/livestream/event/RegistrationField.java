package io.yutang.livestream.event;

import io.yutang.referral.text.SingleLine;
import io.yutang.referral.form.AskedField;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A field the registration form asks for. The keys {@code name}, {@code company}, {@code title},
 * {@code phone} and {@code email} are checked as such (a mainland mobile number, an address);
 * any other key is a custom text field.
 *
 * @param label what the form shows; the message bundle's label for known keys when empty
 */
public record RegistrationField(
        @NotBlank @Pattern(regexp = "[a-z][a-z0-9_]{0,31}") String key,
        @Size(max = 40) @SingleLine String label,
        boolean required) implements AskedField {
}

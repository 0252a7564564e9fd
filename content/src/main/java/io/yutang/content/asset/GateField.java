package io.yutang.content.asset;

import io.yutang.referral.form.AskedField;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A field the asset's gate asks for, as a live event's registration does ({@code name}, {@code phone}, custom keys). */
public record GateField(
        @NotBlank @Pattern(regexp = "[a-z][a-z0-9_]{0,31}") String key,
        @Size(max = 40) String label,
        boolean required) implements AskedField {
}

package io.yutang.referral.form;

/**
 * What is wrong with one answer, as a problem's {@code errors} entry carries it.
 *
 * @param field the field's key ({@code consent} for a consent box)
 * @param reason the reason, in the words of the person filling the form
 */
public record FieldError(String field, String reason) {
}

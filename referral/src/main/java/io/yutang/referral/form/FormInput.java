package io.yutang.referral.form;

/** One input of a form as a page's template draws it: its label, name, input type and prefilled value. */
public record FormInput(String label, String name, String type, String value, boolean required) {
}

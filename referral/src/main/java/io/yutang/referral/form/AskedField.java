package io.yutang.referral.form;

/**
 * A field a form asks for. The keys {@code name}, {@code company}, {@code title}, {@code phone}
 * and {@code email} are checked as such; any other key is a custom text field.
 */
public interface AskedField {

    /** The answer's key, {@code [a-z][a-z0-9_]{0,31}}. */
    String key();

    /** What the form shows; the bundle's label for a well-known key when blank. */
    String label();

    boolean required();
}

/**
 * Shared mechanics, not referral's domain: the Bean Validation constraints every module puts on
 * free text it stores ({@link io.yutang.referral.text.SingleLine}, {@link io.yutang.referral.text.PlainText}),
 * so a NUL or another invisible control character is a 400 naming the field, not a 500 from
 * PostgreSQL. Declared as the named interface {@code text}; the README lists it among the shared mechanics.
 */
@NamedInterface("text")
package io.yutang.referral.text;

import org.springframework.modulith.NamedInterface;

package io.yutang.referral.text;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A text of several lines (a description, a reply, a consent text): tabs and line breaks are
 * fine, any other control character (NUL, BEL, ESC, DEL, C1) is not. Null is valid. The message
 * is the bundles' {@code PlainText}.
 */
@Documented
@Constraint(validatedBy = {})
@Pattern(regexp = "[\\P{Cc}\\t\\n\\r]*")
@ReportAsSingleViolation
@Target({FIELD, METHOD, PARAMETER, ANNOTATION_TYPE, TYPE_USE})
@Retention(RUNTIME)
public @interface PlainText {

    String message() default "{PlainText}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}

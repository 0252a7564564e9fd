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
 * A one-line text (a name, a title, a label): no control character at all (C0, DEL, C1), not even
 * a tab or a line break. Null is valid. The message is the bundles' {@code SingleLine}.
 */
@Documented
@Constraint(validatedBy = {})
@Pattern(regexp = "\\P{Cc}*")
@ReportAsSingleViolation
@Target({FIELD, METHOD, PARAMETER, ANNOTATION_TYPE, TYPE_USE})
@Retention(RUNTIME)
public @interface SingleLine {

    String message() default "{SingleLine}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}

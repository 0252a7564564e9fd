package io.yutang.content.lead;

import io.yutang.referral.form.FieldError;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A gate form with fields missing or malformed, or the required consent not given; {@code errors} says which. */
public class InvalidLead extends ErrorResponseException {

    InvalidLead(List<FieldError> errors) {
        super(HttpStatus.BAD_REQUEST, problem(errors), null, "problemDetail.content.invalid-lead", null);
    }

    private static ProblemDetail problem(List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setProperty("errors", errors);
        return problem;
    }
}

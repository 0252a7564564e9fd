package io.yutang.livestream.registration;

import io.yutang.referral.form.FieldError;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A registration form with fields missing or malformed; {@code errors} says which, in the registrant's words. */
public class InvalidRegistration extends ErrorResponseException {

    InvalidRegistration(List<FieldError> errors) {
        super(HttpStatus.BAD_REQUEST, problem(errors), null, "problemDetail.livestream.invalid-registration", null);
    }

    private static ProblemDetail problem(List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setProperty("errors", errors);
        return problem;
    }
}

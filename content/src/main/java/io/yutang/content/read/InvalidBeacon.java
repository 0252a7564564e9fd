package io.yutang.content.read;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A reading beacon with a field missing or out of range; {@code field} says which. */
public class InvalidBeacon extends ErrorResponseException {

    InvalidBeacon(String field, String reason) {
        super(HttpStatus.BAD_REQUEST, problem(field, reason), null, "problemDetail.content.invalid-beacon", new Object[] {field, reason});
    }

    private static ProblemDetail problem(String field, String reason) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, field + ": " + reason);
        problem.setProperty("field", field);
        return problem;
    }
}

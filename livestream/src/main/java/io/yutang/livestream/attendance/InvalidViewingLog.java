package io.yutang.livestream.attendance;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A viewing log upload that cannot be read as one: empty, malformed, or too large for one request. */
class InvalidViewingLog extends ErrorResponseException {

    InvalidViewingLog(String reason) {
        super(HttpStatus.BAD_REQUEST, problem(reason), null, "problemDetail.livestream.invalid-viewing-log", null);
    }

    private static ProblemDetail problem(String reason) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setProperty("errors", java.util.List.of(java.util.Map.of("field", "body", "reason", reason)));
        return problem;
    }
}

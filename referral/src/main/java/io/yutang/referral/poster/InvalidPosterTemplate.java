package io.yutang.referral.poster;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An upload whose background or placements break a rule; every problem is listed in {@code errors}. */
class InvalidPosterTemplate extends ErrorResponseException {

    InvalidPosterTemplate(List<Map<String, String>> errors) {
        super(HttpStatus.BAD_REQUEST, problem(errors), null, "problemDetail.referral.invalid-poster-template", null);
    }

    private static ProblemDetail problem(List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setProperty("errors", List.copyOf(errors));
        return problem;
    }
}

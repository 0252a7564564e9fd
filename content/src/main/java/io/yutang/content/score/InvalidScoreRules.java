package io.yutang.content.score;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Scoring rules that break a rule the annotations cannot express; {@code errors} says which. */
class InvalidScoreRules extends ErrorResponseException {

    InvalidScoreRules(List<Map<String, String>> errors) {
        super(HttpStatus.BAD_REQUEST, problem(errors), null, "problemDetail.content.invalid-score-rules", null);
    }

    private static ProblemDetail problem(List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setProperty("errors", errors);
        return problem;
    }
}

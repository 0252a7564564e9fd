package io.yutang.content.asset;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An asset or upload that breaks a rule the annotations cannot express; {@code errors} says which. */
public class InvalidAsset extends ErrorResponseException {

    InvalidAsset(List<Map<String, String>> errors) {
        super(HttpStatus.BAD_REQUEST, problem(errors), null, "problemDetail.content.invalid-asset", null);
    }

    static InvalidAsset of(String field, String reason) {
        return new InvalidAsset(List.of(Map.of("field", field, "reason", reason)));
    }

    private static ProblemDetail problem(List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setProperty("errors", errors);
        return problem;
    }
}

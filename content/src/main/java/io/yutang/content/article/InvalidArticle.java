package io.yutang.content.article;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An article or image that breaks a rule; {@code errors} says which ({@code field}, {@code reason}),
 * and the detail lists them too ({@code title: too-long (at most 100)}).
 */
public class InvalidArticle extends ErrorResponseException {

    InvalidArticle(List<Map<String, String>> errors) {
        super(HttpStatus.BAD_REQUEST, problem(errors), null, "problemDetail.content.invalid-article", new Object[] {summary(errors)});
    }

    static InvalidArticle of(String field, String reason) {
        return new InvalidArticle(List.of(Map.of("field", field, "reason", reason)));
    }

    private static ProblemDetail problem(List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, summary(errors));
        problem.setProperty("errors", errors);
        return problem;
    }

    private static String summary(List<Map<String, String>> errors) {
        return errors.stream().map(error -> error.get("field") + ": " + error.get("reason")).collect(Collectors.joining("; "));
    }
}

package io.yutang.livestream.event;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A live event draft that breaks a rule the annotations cannot express (times, fields, channels). */
public class InvalidLiveEvent extends ErrorResponseException {

    InvalidLiveEvent(List<Map<String, String>> errors) {
        super(HttpStatus.BAD_REQUEST, problem(errors), null, "problemDetail.livestream.invalid-event", null);
    }

    private static ProblemDetail problem(List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setProperty("errors", errors);
        return problem;
    }
}

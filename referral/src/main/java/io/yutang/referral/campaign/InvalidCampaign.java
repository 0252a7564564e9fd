package io.yutang.referral.campaign;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A campaign draft that breaks a rule the annotations cannot express (dates, target). */
public class InvalidCampaign extends ErrorResponseException {

    InvalidCampaign(String field, String reason) {
        super(HttpStatus.BAD_REQUEST, problem(field, reason), null, "problemDetail.referral.invalid-campaign", null);
    }

    private static ProblemDetail problem(String field, String reason) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setProperty("errors", List.of(Map.of("field", field, "reason", reason)));
        return problem;
    }
}

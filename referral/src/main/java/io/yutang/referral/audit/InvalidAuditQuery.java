package io.yutang.referral.audit;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A filter of the audit log that cannot be applied: an unknown action, a malformed time or cursor, a bad limit. */
class InvalidAuditQuery extends ErrorResponseException {

    InvalidAuditQuery(String parameter) {
        super(HttpStatus.BAD_REQUEST, problem(parameter), null, "problemDetail.referral.invalid-audit-query",
                new Object[] {parameter});
    }

    private static ProblemDetail problem(String parameter) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setProperty("parameter", parameter);
        return problem;
    }
}

package io.yutang.gateway.webhook;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A webhook URL yutang will not call: not http(s), no host, credentials in it, or an address inside a private network. */
class UnsafeWebhookUrl extends ErrorResponseException {

    UnsafeWebhookUrl(String reason) {
        super(HttpStatus.BAD_REQUEST, problem(reason), null, "problemDetail.webhook.unsafe-url." + reason, null);
    }

    private static ProblemDetail problem(String reason) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setProperty("reason", reason);
        return problem;
    }
}

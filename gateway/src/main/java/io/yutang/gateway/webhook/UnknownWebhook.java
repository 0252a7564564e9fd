package io.yutang.gateway.webhook;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No webhook endpoint (or message) has this id. */
class UnknownWebhook extends ErrorResponseException {

    UnknownWebhook() {
        super(HttpStatus.NOT_FOUND, ProblemDetail.forStatus(HttpStatus.NOT_FOUND), null, "problemDetail.webhook.unknown", null);
    }
}

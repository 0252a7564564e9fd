package io.yutang.gateway.callback;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A callback body larger than the configured limit. */
class MessageTooLarge extends ErrorResponseException {

    MessageTooLarge() {
        super(HttpStatus.CONTENT_TOO_LARGE, ProblemDetail.forStatus(HttpStatus.CONTENT_TOO_LARGE), null);
    }
}

package io.yutang.gateway.integration;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A cursor the feed did not give out. */
class InvalidCursor extends ErrorResponseException {

    InvalidCursor() {
        super(HttpStatus.BAD_REQUEST, ProblemDetail.forStatus(HttpStatus.BAD_REQUEST), null, "problemDetail.integration.cursor", null);
    }
}

package io.yutang.gateway.callback;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A callback whose signature does not match the configured Token (or that has none). */
class SignatureMismatch extends ErrorResponseException {

    SignatureMismatch() {
        super(HttpStatus.UNAUTHORIZED, ProblemDetail.forStatus(HttpStatus.UNAUTHORIZED), null);
    }
}

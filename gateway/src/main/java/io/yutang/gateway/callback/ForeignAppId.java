package io.yutang.gateway.callback;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A message that decrypts, but was sealed for another service account's appid. */
class ForeignAppId extends ErrorResponseException {

    ForeignAppId() {
        super(HttpStatus.BAD_REQUEST, ProblemDetail.forStatus(HttpStatus.BAD_REQUEST), null);
    }
}

package io.yutang.gateway.callback;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A message that neither the current nor the previous EncodingAESKey opens. */
class UndecryptableMessage extends ErrorResponseException {

    UndecryptableMessage(Throwable cause) {
        super(HttpStatus.BAD_REQUEST, ProblemDetail.forStatus(HttpStatus.BAD_REQUEST), cause);
    }
}

package io.yutang.gateway.callback;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A callback body that is not a well-formed WeChat message XML, or that declares a DTD. */
class MalformedMessage extends ErrorResponseException {

    MalformedMessage(Throwable cause) {
        super(HttpStatus.BAD_REQUEST, ProblemDetail.forStatus(HttpStatus.BAD_REQUEST), cause);
    }
}

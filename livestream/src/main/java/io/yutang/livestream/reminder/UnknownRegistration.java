package io.yutang.livestream.reminder;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The event has no registration with this id. */
public class UnknownRegistration extends ErrorResponseException {

    UnknownRegistration() {
        super(HttpStatus.NOT_FOUND, ProblemDetail.forStatus(HttpStatus.NOT_FOUND), null,
                "problemDetail.livestream.unknown-registration", null);
    }
}

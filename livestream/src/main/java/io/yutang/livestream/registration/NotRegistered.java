package io.yutang.livestream.registration;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The viewer has no registration for this event. */
public class NotRegistered extends ErrorResponseException {

    NotRegistered() {
        super(HttpStatus.NOT_FOUND, ProblemDetail.forStatus(HttpStatus.NOT_FOUND), null,
                "problemDetail.livestream.not-registered", null);
    }
}

package io.yutang.referral.privacy;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An erasure asked for from the page without {@code "confirm": true}: nothing is erased. */
class UnconfirmedErasure extends ErrorResponseException {

    UnconfirmedErasure() {
        super(HttpStatus.BAD_REQUEST, ProblemDetail.forStatus(HttpStatus.BAD_REQUEST), null,
                "problemDetail.referral.privacy.confirm", null);
    }
}

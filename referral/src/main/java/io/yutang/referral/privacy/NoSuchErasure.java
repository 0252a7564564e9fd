package io.yutang.referral.privacy;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No erasure request with that id. */
class NoSuchErasure extends ErrorResponseException {

    NoSuchErasure() {
        super(HttpStatus.NOT_FOUND, ProblemDetail.forStatus(HttpStatus.NOT_FOUND), null,
                "problemDetail.referral.privacy.unknown-erasure", null);
    }
}

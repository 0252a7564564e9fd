package io.yutang.referral.privacy;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A lookup that names neither an openid nor a phone number, or both. */
class InvalidPrivacyQuery extends ErrorResponseException {

    InvalidPrivacyQuery() {
        super(HttpStatus.BAD_REQUEST, ProblemDetail.forStatus(HttpStatus.BAD_REQUEST), null,
                "problemDetail.referral.privacy.lookup", null);
    }
}

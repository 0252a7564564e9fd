package io.yutang.referral.privacy;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A purpose a person does not decide on from the privacy page (content delivery is part of each download). */
class UnknownPurpose extends ErrorResponseException {

    UnknownPurpose() {
        super(HttpStatus.BAD_REQUEST, ProblemDetail.forStatus(HttpStatus.BAD_REQUEST), null,
                "problemDetail.referral.privacy.purpose", null);
    }
}

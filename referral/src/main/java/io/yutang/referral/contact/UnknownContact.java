package io.yutang.referral.contact;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No contact has this id. */
class UnknownContact extends ErrorResponseException {

    UnknownContact() {
        super(HttpStatus.NOT_FOUND, ProblemDetail.forStatus(HttpStatus.NOT_FOUND), null,
                "problemDetail.referral.unknown-contact", null);
    }
}

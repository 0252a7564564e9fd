package io.yutang.referral.privacy;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No such contact, or they were erased. */
class NoSuchPerson extends ErrorResponseException {

    NoSuchPerson() {
        super(HttpStatus.NOT_FOUND, ProblemDetail.forStatus(HttpStatus.NOT_FOUND), null,
                "problemDetail.referral.unknown-contact", null);
    }
}

package io.yutang.referral.contact;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A contact lookup needs exactly one of openid, phone and name. */
public class InvalidContactQuery extends ErrorResponseException {

    InvalidContactQuery() {
        super(HttpStatus.BAD_REQUEST, ProblemDetail.forStatus(HttpStatus.BAD_REQUEST), null,
                "problemDetail.referral.invalid-contact-query", null);
    }
}

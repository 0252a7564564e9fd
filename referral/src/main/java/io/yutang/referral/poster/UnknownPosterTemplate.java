package io.yutang.referral.poster;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The campaign names a poster template that was never uploaded. */
class UnknownPosterTemplate extends ErrorResponseException {

    UnknownPosterTemplate() {
        super(HttpStatus.NOT_FOUND, ProblemDetail.forStatus(HttpStatus.NOT_FOUND), null,
                "problemDetail.referral.unknown-poster-template", null);
    }
}

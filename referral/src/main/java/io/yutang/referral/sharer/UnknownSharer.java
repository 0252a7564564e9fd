package io.yutang.referral.sharer;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No sharer has this id. */
public class UnknownSharer extends ErrorResponseException {

    public UnknownSharer() {
        super(HttpStatus.NOT_FOUND, ProblemDetail.forStatus(HttpStatus.NOT_FOUND), null,
                "problemDetail.referral.unknown-sharer", null);
    }
}

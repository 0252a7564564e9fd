package io.yutang.referral.sharer;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Only employees and partners bound to their WeChat have a rank. */
public class NotASharer extends ErrorResponseException {

    public NotASharer() {
        super(HttpStatus.FORBIDDEN, ProblemDetail.forStatus(HttpStatus.FORBIDDEN), null,
                "problemDetail.referral.not-a-sharer", null);
    }
}

package io.yutang.referral.sharer;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A binding link that cannot bind: unknown, used, expired, or the WeChat user is already bound to another sharer. */
public class BindingRefused extends ErrorResponseException {

    BindingRefused(HttpStatus status, String reason) {
        super(status, ProblemDetail.forStatus(status), null, "problemDetail.referral.binding." + reason, null);
    }
}

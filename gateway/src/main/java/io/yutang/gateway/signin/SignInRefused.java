package io.yutang.gateway.signin;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A sign-in request or WeChat's answer to it that cannot be honoured; the detail says why. */
class SignInRefused extends ErrorResponseException {

    /** @param reason the message key's last part, e.g. {@code state} for a forged or stale state */
    SignInRefused(HttpStatus status, String reason) {
        super(status, ProblemDetail.forStatus(status), null, "problemDetail.signin." + reason, null);
    }
}

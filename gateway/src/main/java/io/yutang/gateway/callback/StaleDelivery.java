package io.yutang.gateway.callback;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A signed callback whose timestamp lies outside the replay window (a recorded delivery sent again
 * long after WeChat's retries), or a plaintext delivery whose signed query already carried another body.
 */
class StaleDelivery extends ErrorResponseException {

    /** @param reason the message key's last part: {@code timestamp} or {@code replayed} */
    StaleDelivery(String reason) {
        super(HttpStatus.FORBIDDEN, ProblemDetail.forStatus(HttpStatus.FORBIDDEN), null,
                "problemDetail.callback." + reason, null);
    }
}

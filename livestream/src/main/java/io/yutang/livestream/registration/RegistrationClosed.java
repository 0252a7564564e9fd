package io.yutang.livestream.registration;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The event does not take registrations now (a draft, closed or ended). */
public class RegistrationClosed extends ErrorResponseException {

    RegistrationClosed() {
        super(HttpStatus.CONFLICT, ProblemDetail.forStatus(HttpStatus.CONFLICT), null,
                "problemDetail.livestream.registration-closed", null);
    }
}

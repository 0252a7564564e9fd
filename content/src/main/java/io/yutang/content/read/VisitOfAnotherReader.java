package io.yutang.content.read;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A beacon naming a visit that another contact (or another article) made: it changes nothing ({@code 403}). */
public class VisitOfAnotherReader extends ErrorResponseException {

    VisitOfAnotherReader() {
        super(HttpStatus.FORBIDDEN, ProblemDetail.forStatus(HttpStatus.FORBIDDEN), null, "problemDetail.content.visit-of-another-reader",
                null);
    }
}

package io.yutang.referral.sharer;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A sharer import over 10,000 rows or 5 MB ({@code 413}); nothing of it is stored. */
class ImportTooLarge extends ErrorResponseException {

    ImportTooLarge() {
        super(HttpStatus.CONTENT_TOO_LARGE, ProblemDetail.forStatus(HttpStatus.CONTENT_TOO_LARGE), null,
                "problemDetail.referral.import-too-large",
                new Object[] {SharerEndpoints.MAX_IMPORT_ROWS, SharerEndpoints.MAX_IMPORT_BYTES / (1024 * 1024)});
    }
}

package io.yutang.referral.csv;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A CSV upload that is not CSV (a quote left open, for example): 400, saying where the parser stopped. */
public class MalformedCsv extends ErrorResponseException {

    MalformedCsv(String where) {
        super(HttpStatus.BAD_REQUEST, ProblemDetail.forStatus(HttpStatus.BAD_REQUEST), null,
                "problemDetail.csv.malformed", new Object[] {where == null ? "" : where});
    }

    /** A header naming one column twice: which of the two cells counts would be a guess. */
    public static MalformedCsv duplicateColumn(String column) {
        return new MalformedCsv("header row: column \"" + column + "\" appears twice");
    }
}

package io.yutang.content.asset;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No asset has this id (or, for prospects, it is not published). */
public class UnknownAsset extends ErrorResponseException {

    public UnknownAsset() {
        super(HttpStatus.NOT_FOUND, ProblemDetail.forStatus(HttpStatus.NOT_FOUND), null, "problemDetail.content.unknown-asset", null);
    }
}

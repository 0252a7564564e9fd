package io.yutang.referral.tree;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The contact was never brought into this campaign. */
public class NotInTree extends ErrorResponseException {

    public NotInTree() {
        super(HttpStatus.NOT_FOUND, ProblemDetail.forStatus(HttpStatus.NOT_FOUND), null,
                "problemDetail.referral.not-in-tree", null);
    }
}

package io.yutang.content.article;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No article has this id (or, for prospects, it is not published; or it has no such image). */
public class UnknownArticle extends ErrorResponseException {

    public UnknownArticle() {
        super(HttpStatus.NOT_FOUND, ProblemDetail.forStatus(HttpStatus.NOT_FOUND), null, "problemDetail.content.unknown-article", null);
    }
}

package io.yutang.livestream.event;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No live event has this id (or it is still a draft, for prospects). */
public class UnknownLiveEvent extends ErrorResponseException {

    public UnknownLiveEvent() {
        super(HttpStatus.NOT_FOUND, ProblemDetail.forStatus(HttpStatus.NOT_FOUND), null,
                "problemDetail.livestream.unknown-event", null);
    }
}

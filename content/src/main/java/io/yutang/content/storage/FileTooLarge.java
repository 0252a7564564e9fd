package io.yutang.content.storage;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;

/** An upload over the largest file allowed ({@code 413}). */
public class FileTooLarge extends ErrorResponseException {

    FileTooLarge(DataSize largest) {
        super(HttpStatus.CONTENT_TOO_LARGE, problem(largest), null, "problemDetail.content.file-too-large",
                new Object[] {largest.toMegabytes()});
    }

    private static ProblemDetail problem(DataSize largest) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.CONTENT_TOO_LARGE);
        problem.setProperty("largestBytes", largest.toBytes());
        return problem;
    }
}

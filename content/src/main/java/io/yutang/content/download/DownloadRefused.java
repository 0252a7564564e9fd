package io.yutang.content.download;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A download link that is not one yutang issued ({@code 403}), or has expired ({@code 410}: open the asset's page again). */
public class DownloadRefused extends ErrorResponseException {

    private DownloadRefused(HttpStatus status, String code) {
        super(status, ProblemDetail.forStatus(status), null, code, null);
    }

    static DownloadRefused forged() {
        return new DownloadRefused(HttpStatus.FORBIDDEN, "problemDetail.content.download-forged");
    }

    static DownloadRefused expired() {
        return new DownloadRefused(HttpStatus.GONE, "problemDetail.content.download-expired");
    }
}

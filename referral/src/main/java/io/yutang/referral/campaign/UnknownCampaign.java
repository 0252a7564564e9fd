package io.yutang.referral.campaign;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No campaign has this id. */
public class UnknownCampaign extends ErrorResponseException {

    public UnknownCampaign() {
        super(HttpStatus.NOT_FOUND, ProblemDetail.forStatus(HttpStatus.NOT_FOUND), null,
                "problemDetail.referral.unknown-campaign", null);
    }
}

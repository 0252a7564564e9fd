package io.yutang.referral.poster;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A department zip was asked for a department without employees (or with a misspelt name). */
class NoEmployeesInDepartment extends ErrorResponseException {

    NoEmployeesInDepartment() {
        super(HttpStatus.NOT_FOUND, ProblemDetail.forStatus(HttpStatus.NOT_FOUND), null,
                "problemDetail.referral.no-employees-in-department", null);
    }
}

package io.yutang.referral.sharer;

import java.time.Instant;

/** A one-time link binding a sharer to the WeChat user who opens it; the token is shown only here. */
public record BindingLink(long sharerId, String token, Instant expiresAt) {

    @Override
    public String toString() {
        return "BindingLink[sharerId=" + sharerId + ", token=***, expiresAt=" + expiresAt + "]";
    }
}

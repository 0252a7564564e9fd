package io.yutang.referral;

/**
 * WeChat holds profile lookups off for a while: the account's daily API quota is used up (45009),
 * calls came too fast (45011), or WeChat stayed busy (-1) through the adapter's own short retries.
 * None of this is the looked-up users' fault; retrying at once only spends calls, so the caller
 * backs off as a whole.
 */
public class ProfileLookupsThrottled extends RuntimeException {

    /** The refusal, in words fit for a log (WeChat's code and message). */
    public ProfileLookupsThrottled(String refusal) {
        super(refusal);
    }
}

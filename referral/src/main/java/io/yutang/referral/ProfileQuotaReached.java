package io.yutang.referral;

/**
 * WeChat refuses profile lookups for a while: the account's daily API quota is used up (45009) or
 * calls came too fast (45011). Retrying at once only spends calls; the caller backs off as a whole.
 */
public class ProfileQuotaReached extends RuntimeException {

    /** The refusal, in words fit for a log (WeChat's code and message). */
    public ProfileQuotaReached(String refusal) {
        super(refusal);
    }
}

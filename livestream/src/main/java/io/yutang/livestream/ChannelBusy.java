package io.yutang.livestream;

/**
 * WeChat answered and did not take the message (busy, rate limited, or another error it
 * reported): nothing was delivered, so sending it again later cannot make a duplicate. Failures
 * without WeChat's answer (a timeout, a dropped connection) are not this: their outcome is unknown.
 */
public class ChannelBusy extends RuntimeException {

    public ChannelBusy(String reason) {
        super(reason, null, false, false);
    }
}

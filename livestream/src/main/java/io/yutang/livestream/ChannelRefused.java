package io.yutang.livestream;

/**
 * WeChat refused a message for this person on this channel (e.g. 43004 not a follower, 43101 the
 * user refused, no unused grant): another channel may still reach them; retrying this one will not.
 */
public class ChannelRefused extends RuntimeException {

    private final String reason;

    public ChannelRefused(String reason) {
        super(reason, null, false, false);
        this.reason = reason;
    }

    /** WeChat's code and a word, e.g. {@code 43004 not-a-follower}. */
    public String reason() {
        return reason;
    }
}

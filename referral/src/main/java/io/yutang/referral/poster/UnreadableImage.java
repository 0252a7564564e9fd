package io.yutang.referral.poster;

/** Bytes that are not a PNG or JPEG image yutang will draw, with the reason an upload reports. */
class UnreadableImage extends Exception {

    private final String reason;

    UnreadableImage(String reason) {
        super(reason, null, false, false);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}

package io.yutang.livestream.attendance;

/**
 * One line of a live platform's viewing log, as uploaded (strings, checked one by one).
 *
 * @param viewerId the viewer's openid (the platform gets it from yutang's watch redirect or its own WeChat sign-in)
 * @param mode {@code LIVE} or {@code REPLAY}
 */
public record ViewingLogRow(String viewerId, String joinedAt, String leftAt, String mode) {
}

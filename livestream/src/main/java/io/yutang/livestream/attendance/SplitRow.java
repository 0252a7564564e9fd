package io.yutang.livestream.attendance;

/**
 * One group of an event's registrants, e.g. one rep's.
 *
 * @param key the sharer's id, the company or the department; {@code organic} for registrants nobody is credited with
 * @param attended registrants of the group who watched live
 */
public record SplitRow(String key, String label, long registered, long attended, double attendanceRate, long meanLiveSeconds) {
}

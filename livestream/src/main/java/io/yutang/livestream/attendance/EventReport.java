package io.yutang.livestream.attendance;

/**
 * One event's numbers.
 *
 * @param attended registrants (or walk-ins) who watched live
 * @param attendanceRate attended registrants over registered ones, 0 when nobody registered
 * @param meanLiveSeconds and {@code medianLiveSeconds}: live watch time per live attendee, sessions merged
 */
public record EventReport(long eventId, long registered, long waitlisted, long cancelled, long attended,
        double attendanceRate, long meanLiveSeconds, long medianLiveSeconds, long replayViewers) {
}

package io.yutang.livestream.attendance;

import java.util.Map;

/**
 * One event's numbers.
 *
 * @param attended registrants (or walk-ins) who watched live
 * @param attendanceRate attended registrants over registered ones, 0 when nobody registered
 * @param meanLiveSeconds and {@code medianLiveSeconds}: live watch time per live attendee, sessions merged
 * @param messages the messages planned for the event's registrants, counted by state: {@code SENT}
 *     were delivered; {@code LOGGED} were only written to the log, as no SMS provider is
 *     configured, and reached nobody; {@code PENDING}, {@code SENDING}, {@code FAILED}, {@code SKIPPED}
 */
public record EventReport(long eventId, long registered, long waitlisted, long cancelled, long attended,
        double attendanceRate, long meanLiveSeconds, long medianLiveSeconds, long replayViewers, Map<String, Long> messages) {
}

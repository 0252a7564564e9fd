package io.yutang.livestream.page;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How pages show an event's time: China time, to the minute. */
final class EventTime {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

    private EventTime() {
    }

    static String format(Instant at) {
        return WHEN.format(at);
    }
}

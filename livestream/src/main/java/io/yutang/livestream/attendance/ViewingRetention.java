package io.yutang.livestream.attendance;

import io.yutang.referral.work.PollingLoop;
import io.yutang.referral.work.Purges;
import io.yutang.referral.work.RetentionProperties;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * Retention of who watched what: viewing sessions last seen longer ago than
 * {@code yutang.retention.viewings} (a year) are deleted in batches on every instance. Watch time
 * already reported to referral's behaviour log stays there.
 */
@Component
class ViewingRetention {

    private final Attendance attendance;
    private final RetentionProperties retention;
    private final Clock clock;

    ViewingRetention(Attendance attendance, RetentionProperties retention, Clock clock) {
        this.attendance = attendance;
        this.retention = retention;
        this.clock = clock;
    }

    @Bean
    PollingLoop viewingRetentionLoop() {
        return Purges.loop("Viewing retention", retention, List.of(new Purges.Purge("rows of livestream.viewing",
                batch -> attendance.purgeViewings(clock.instant().minus(retention.viewings()), batch))));
    }
}

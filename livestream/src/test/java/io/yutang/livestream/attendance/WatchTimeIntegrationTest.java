package io.yutang.livestream.attendance;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.livestream.event.LiveEvent;
import io.yutang.livestream.testing.LivestreamFixtures;
import io.yutang.livestream.testing.Registrant;
import io.yutang.referral.BehaviourKind;
import io.yutang.referral.Behaviours;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Watch time reaches referral's behaviour log (what lead scoring reads) as it grows, over all of a viewer's sessions. */
class WatchTimeIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void watchTimeIsReportedAtEveryFiveMinutesAndWhenTheViewerLeaves() {
        LivestreamFixtures livestream = LivestreamFixtures.onSliceWith(Attendance.class);
        LiveEvent event = livestream.event("私域增长直播").create();
        Registrant li = livestream.registrant("李女士");
        li.registers(event);
        Attendance attendance = livestream.bean(Attendance.class);
        livestream.clock().set(event.startsAt().plusSeconds(60));

        attendance.joined(event.id(), li.viewer().contact(), "session-1", Attendance.Source.PAGE).block(WAIT);
        livestream.clock().advance(Duration.ofSeconds(270));
        attendance.heartbeat(event.id(), li.viewer().contact(), "session-1", false).block(WAIT);
        assertThat(watched(livestream, li)).as("under five minutes: the attendance, without a watch time yet").containsExactly(-1);

        livestream.clock().advance(Duration.ofSeconds(60));
        attendance.heartbeat(event.id(), li.viewer().contact(), "session-1", false).block(WAIT);
        assertThat(watched(livestream, li)).containsExactly(330);

        livestream.clock().advance(Duration.ofSeconds(90));
        attendance.heartbeat(event.id(), li.viewer().contact(), "session-1", true).block(WAIT);
        assertThat(watched(livestream, li)).as("leaving reports the whole session").containsExactly(420);
    }

    /** The seconds of each ATTENDANCE behaviour logged for the viewer (null: none reported yet). */
    private static List<Integer> watched(LivestreamFixtures livestream, Registrant who) {
        return livestream.bean(Behaviours.class).historyOf(List.of(who.viewer().contact()))
                .filter(b -> b.kind() == BehaviourKind.ATTENDANCE)
                .map(b -> b.seconds() == null ? -1 : b.seconds())
                .collectList().block(WAIT);
    }
}

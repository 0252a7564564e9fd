package io.yutang.livestream.event;

import io.yutang.livestream.Channel;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A live event (webinar) prospects register for.
 *
 * @param reminderOffsets how long before the start each reminder goes out ({@code PT0S}: "starting now")
 * @param channels the channels reminders may use, in the order they are tried
 * @param scheduleVersion counts reschedules; each one sends one change notice per registrant
 */
public record LiveEvent(
        long id,
        String title,
        String description,
        Instant startsAt,
        Instant endsAt,
        Integer capacity,
        List<RegistrationField> registrationFields,
        String consentText,
        List<Duration> reminderOffsets,
        List<Channel> channels,
        String templateId,
        String subscribeTemplateId,
        URI watchUrl,
        URI replayUrl,
        URI surveyUrl,
        EventStatus status,
        int scheduleVersion) {
}

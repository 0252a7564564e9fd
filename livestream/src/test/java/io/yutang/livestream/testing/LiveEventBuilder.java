package io.yutang.livestream.testing;

import io.yutang.livestream.Channel;
import io.yutang.livestream.event.EventStatus;
import io.yutang.livestream.event.LiveEvent;
import io.yutang.livestream.event.LiveEventDraft;
import io.yutang.livestream.event.RegistrationField;
import io.yutang.referral.testing.ReferralFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A live event as marketing sets it up; {@link #create()} saves it through {@code LiveEvents}. */
public final class LiveEventBuilder {

    private final LivestreamFixtures fixtures;
    private final String title;
    private final Instant startsAt;
    private Integer capacity;
    private EventStatus status = EventStatus.OPEN;

    LiveEventBuilder(LivestreamFixtures fixtures, String title, Instant startsAt) {
        this.fixtures = fixtures;
        this.title = title;
        this.startsAt = startsAt;
    }

    public LiveEventBuilder capacity(int places) {
        this.capacity = places;
        return this;
    }

    public LiveEventBuilder status(EventStatus status) {
        this.status = status;
        return this;
    }

    public LiveEvent create() {
        return ReferralFixtures.await(fixtures.events().create(new LiveEventDraft(title, null, startsAt,
                startsAt.plus(Duration.ofHours(1)), capacity, List.of(new RegistrationField("name", null, true)), null,
                null, List.of(Channel.CUSTOMER_SERVICE), null, null, null, null, null, status)));
    }
}

package io.yutang.livestream.testing;

import io.yutang.livestream.event.LiveEvent;
import io.yutang.livestream.event.LiveEventDraft;
import io.yutang.livestream.event.EventEdits;
import io.yutang.livestream.event.LiveEvents;
import io.yutang.livestream.registration.FormCheck;
import io.yutang.livestream.registration.Registrations;
import io.yutang.livestream.reminder.ReminderPlan;
import io.yutang.referral.Viewer;
import io.yutang.referral.form.FormAnswers;
import io.yutang.referral.testing.Person;
import io.yutang.referral.testing.ReferralFixtures;
import io.yutang.referral.testing.ReferralSlice;
import io.yutang.referral.testing.TestClock;
import io.yutang.referral.testing.TestStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Readable set-up for livestream tests: live events made through {@link LiveEvents}, registrants
 * (WeChat users with a contact in referral) who register and cancel through {@link Registrations},
 * on one slice holding livestream's beans next to referral's, over the real test stores.
 */
public final class LivestreamFixtures {

    private static ReferralSlice shared;

    private final ReferralSlice slice;
    private final ReferralFixtures referral;

    private LivestreamFixtures(ReferralSlice slice) {
        this.slice = slice;
        this.referral = new ReferralFixtures(slice);
    }

    /** Fixtures on the JVM's livestream slice, started on first use. */
    public static synchronized LivestreamFixtures onSharedSlice() {
        if (shared == null) {
            shared = slice();
        }
        return new LivestreamFixtures(shared);
    }

    /** A slice of its own (its own clock), holding livestream's beans and {@code more}. */
    public static LivestreamFixtures onSliceWith(Class<?>... more) {
        return new LivestreamFixtures(slice(more));
    }

    private static ReferralSlice slice(Class<?>... more) {
        TestStores.migrate("livestream");
        List<Class<?>> beans = new ArrayList<>(List.of(LivestreamSliceBeans.class, ReminderPlan.class, FormAnswers.class,
                FormCheck.class, LiveEvents.class, EventEdits.class, Registrations.class));
        beans.addAll(List.of(more));
        return ReferralSlice.start(beans.toArray(Class<?>[]::new));
    }

    /** An event open for registration, starting in three days, asking only for a name. */
    public LiveEventBuilder event(String title) {
        return new LiveEventBuilder(this, title, clock().instant().plus(Duration.ofDays(3)));
    }

    /** Someone who can register: a WeChat user yutang has seen, signed in on the page. */
    public Registrant registrant(String name) {
        Person person = referral.person(name);
        return new Registrant(this, name, new Viewer(person.contact(), person.user()), person);
    }

    /** Marketing edits the event: the same settings with another capacity (null: no limit). */
    public LiveEvent changeCapacity(LiveEvent event, Integer capacity) {
        return ReferralFixtures.await(slice.bean(EventEdits.class).update(event.id(), new LiveEventDraft(event.title(), event.description(),
                event.startsAt(), event.endsAt(), capacity, event.registrationFields(), event.consentText(),
                event.reminderOffsets(), event.channels(), event.templateId(), event.subscribeTemplateId(), event.watchUrl(),
                event.replayUrl(), event.surveyUrl(), event.status())));
    }

    /** Referral's fixtures on the same slice, for campaigns and sharers that bring registrants in. */
    public ReferralFixtures referral() {
        return referral;
    }

    public LiveEvents events() {
        return slice.bean(LiveEvents.class);
    }

    public Registrations registrations() {
        return slice.bean(Registrations.class);
    }

    public TestClock clock() {
        return slice.clock();
    }

    public DatabaseClient db() {
        return slice.db();
    }

    public <T> T bean(Class<T> type) {
        return slice.bean(type);
    }
}

package io.yutang.livestream.event;

import io.yutang.livestream.reminder.ReminderPlan;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * What an edit of a live event does, in one transaction: a new start time moves every
 * registrant's pending reminders, re-arms those whose new time is still ahead, skips those whose
 * time has passed, and plans one notice each that the time changed; raising or removing the
 * capacity promotes the waitlist in order; ending the event plans the replay for every registrant
 * and the survey for those who watched. Promoted registrants are credited once it has committed.
 */
@Service
public class EventEdits {

    private final LiveEvents events;
    private final ReminderPlan plan;
    private final Waitlist waitlist;
    private final TransactionalOperator transaction;
    private final Clock clock;

    EventEdits(LiveEvents events, ReminderPlan plan, Waitlist waitlist, TransactionalOperator transaction, Clock clock) {
        this.events = events;
        this.plan = plan;
        this.waitlist = waitlist;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Replaces the event's settings and carries the change through to registrations and messages. */
    public Mono<LiveEvent> update(long id, LiveEventDraft draft) {
        Instant now = clock.instant();
        List<Long> promoted = new ArrayList<>();
        return events.edit(id, draft, now)
                .flatMap(edit -> {
                    LiveEvent after = edit.after();
                    return (edit.rescheduled()
                            ? plan.rescheduled(after.id(), after.startsAt(), after.reminderOffsets(), after.scheduleVersion(),
                                    edit.startMoved(), now)
                            : Mono.<Void>empty())
                            .then(edit.moreRoom() ? waitlist.fill(after, now).doOnNext(promoted::addAll).then() : Mono.<Void>empty())
                            .then(edit.justEnded()
                                    ? plan.followUp(after.id(), after.replayUrl() != null, after.surveyUrl() != null, now)
                                    : Mono.<Void>empty())
                            .thenReturn(after);
                })
                .as(transaction::transactional)
                .flatMap(after -> promoted.isEmpty() ? Mono.just(after) : waitlist.promoted(promoted).thenReturn(after));
    }
}

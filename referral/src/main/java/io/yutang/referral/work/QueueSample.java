package io.yutang.referral.work;

import java.time.Duration;

/**
 * A queue's figures at one moment.
 *
 * @param due items due and not claimed
 * @param inFlight items claimed (including those whose lease ran out and wait to be taken over)
 * @param failed items given up
 * @param oldestDue how long the oldest due item has been due; zero when none is
 */
public record QueueSample(long due, long inFlight, long failed, Duration oldestDue) {

    /** A queue with nothing in it. */
    public static final QueueSample EMPTY = new QueueSample(0, 0, 0, Duration.ZERO);
}

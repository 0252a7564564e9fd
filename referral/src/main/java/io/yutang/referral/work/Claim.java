package io.yutang.referral.work;

/**
 * An item this instance claimed from a {@link WorkQueue}.
 *
 * @param id the item's key in its table
 * @param fence what the claim holds the item by: every write names it, so a stale instance's changes nothing
 * @param attempts attempts so far, this one included
 * @param recovered it was taken over from a claim whose lease ran out (a crashed or stalled instance)
 */
public record Claim(long id, long fence, int attempts, boolean recovered) {
}

package io.yutang.referral.work;

/**
 * The states of an item in a queue table whose work has no states of its own (profile fetches,
 * rep digests, inbound events), stored by name.
 */
public enum WorkState {
    /** Waiting for its due time, or due. */
    PENDING,
    /** Claimed by an instance under a lease. */
    LEASED,
    /** Finished. */
    DONE,
    /** Given up, with the reason. */
    FAILED
}

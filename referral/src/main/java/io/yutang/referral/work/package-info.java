/**
 * Shared mechanics, not referral's domain: the one way every module runs durable work on every
 * instance. {@link io.yutang.referral.work.WorkQueue} claims, leases, fences, retries (with one
 * {@link io.yutang.referral.work.Backoff}) and finishes items of a queue table, each give-up with
 * its reason; {@link io.yutang.referral.work.PollingLoop} runs the rounds and stops gracefully;
 * {@link io.yutang.referral.work.WorkMetrics} publishes every queue's figures. We judged
 * db-scheduler and chose this small mechanism: db-scheduler is JDBC-based, so its task rows cannot
 * be written in the same R2DBC transaction as the fact that causes them, and its per-task
 * execution would lose the reminders' batching. Declared as the named interface {@code work}, so
 * the other modules may use it; the README lists it among the shared mechanics.
 */
@NamedInterface("work")
package io.yutang.referral.work;

import org.springframework.modulith.NamedInterface;

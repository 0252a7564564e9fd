/**
 * Livestream owns live events, registrations, reminder plans and their delivery, attendance, and
 * the replay and survey follow-up. It refers to people by referral's {@code ContactId} and asks
 * referral to attribute registrations.
 */
package io.yutang.livestream;

/**
 * Content owns gated assets, lead capture with consent, asset views and lead scoring. It refers
 * to people by referral's {@code ContactId} and asks referral to attribute leads.
 */
package io.yutang.content;

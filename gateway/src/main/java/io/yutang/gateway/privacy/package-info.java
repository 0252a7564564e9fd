/**
 * Gateway's share of a person for export and erasure (the raw events WeChat pushed, delivery
 * reports, message grants, lead outcomes, sessions and short-lived keys in Redis), and the admin
 * API over referral's {@link io.yutang.referral.Privacy}.
 */
package io.yutang.gateway.privacy;

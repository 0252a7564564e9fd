/**
 * Referral owns identity and credit: contacts (openid, unionid, profile, subscription, consent),
 * sharers, campaigns, share links and posters, touches, attribution, the referral tree and the
 * leaderboards. This package is its public API; sub-packages are internal.
 */
package io.yutang.referral;

/** Referral's read-only reports across campaigns: what happened per day, and each campaign's funnel. */
package io.yutang.referral.report;

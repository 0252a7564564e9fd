package io.yutang.referral.report;

/** How a funnel is split: not at all, by the advocate (rep or partner) at the root of each branch, or by that advocate's department. */
public enum FunnelGrouping { NONE, ADVOCATE, DEPARTMENT }

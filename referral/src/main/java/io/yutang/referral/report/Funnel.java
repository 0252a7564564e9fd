package io.yutang.referral.report;

import java.util.List;

/**
 * A campaign's funnel: how many distinct people reached each step, overall or per group (the
 * advocate who brought them, or the advocate's department), with the rate from the step before.
 */
public record Funnel(long campaignId, FunnelGrouping by, List<Group> groups) {

    /**
     * The steps, in order; the last three are what the company's CRM reported through the integration
     * API (a deal won counts as accepted and as an opportunity too).
     */
    public enum Step { SCANNED, FOLLOWED, REGISTERED, ATTENDED, LEAD, QUALIFIED_LEAD, CRM_ACCEPTED, CRM_OPPORTUNITY, CRM_WON }

    /** One group's counts; {@code key} is null for the whole campaign. */
    public record Group(String key, String label, List<StepCount> steps) {
    }

    /** People at a step, and the share of the step before who got here (null for the first step or after zero). */
    public record StepCount(Step step, long people, Double rateFromPrevious) {
    }
}

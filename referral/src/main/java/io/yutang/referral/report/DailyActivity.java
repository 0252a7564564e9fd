package io.yutang.referral.report;

import java.time.LocalDate;

/**
 * What happened on one day (China time) across every campaign: scans of a sharer's code or link,
 * new followers, registrations, distinct attendees, leads and qualified leads.
 */
public record DailyActivity(LocalDate day, long scans, long follows, long registrations, long attendees, long leads,
        long qualifiedLeads) {
}

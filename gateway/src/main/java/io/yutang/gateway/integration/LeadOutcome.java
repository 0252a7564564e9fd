package io.yutang.gateway.integration;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What the CRM says became of a lead (a contact yutang sent it).
 *
 * @param crmReference the CRM's own id of the lead or opportunity
 * @param amount the opportunity's or the deal's value, for {@code OPPORTUNITY} and {@code WON}
 */
record LeadOutcome(long id, long contactId, String crmReference, Status status, String reason, BigDecimal amount,
        Instant occurredAt, String recordedBy, Instant recordedAt) {

    enum Status { ACCEPTED, REJECTED, OPPORTUNITY, WON, LOST }
}

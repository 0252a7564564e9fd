/**
 * Outbound webhooks to a company's CRM, after the Standard Webhooks specification: endpoints an
 * ADMIN registers, one message per fact (follows, registrations, attendance, leads, qualified
 * leads), delivered at least once per endpoint by durable work safe with many instances, signed,
 * retried for about three days, logged, replayable, and never sent into private networks.
 */
package io.yutang.gateway.webhook;

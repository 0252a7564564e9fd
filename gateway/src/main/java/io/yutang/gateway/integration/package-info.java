/**
 * The integration API a CRM pulls from and writes back to, with an INTEGRATION token's scopes: the
 * change feed (every webhook message, in commit order, by cursor) and what became of each lead.
 */
package io.yutang.gateway.integration;

/** The audit log's storage and its admin listing ({@code GET /api/audit}). */
package io.yutang.referral.audit;

/** The consent ledger's storage: texts by hash, decisions appended. */
package io.yutang.referral.consent;

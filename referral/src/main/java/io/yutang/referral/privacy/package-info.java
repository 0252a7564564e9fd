/**
 * Privacy under PIPL: the person's export (every module's {@link io.yutang.referral.PersonalDataHolder}
 * in one zip), erasure as durable work with a receipt, the "我的隐私" page and the admin API.
 */
package io.yutang.referral.privacy;

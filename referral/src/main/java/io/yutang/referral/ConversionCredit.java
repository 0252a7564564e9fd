package io.yutang.referral;

/**
 * Who a credited conversion counts for: the direct referrer and the owning advocate (the same
 * sharer when an employee or partner brought the contact in themselves).
 *
 * @param sourceKey the key the conversion was reported with, e.g. {@code registration:42}
 */
public record ConversionCredit(String sourceKey, Sharer referrer, Sharer advocate) {
}

package io.yutang.referral;

import java.util.Map;

/**
 * What one part removed or anonymised for an erasure, as the receipt shows it: no personal data,
 * only where and how much.
 *
 * @param part the module ({@code livestream})
 * @param removed what ({@code registration answers anonymised}) to how many rows or keys
 */
public record ErasedData(String part, Map<String, Long> removed) {
}

package io.yutang.content.report;

import java.util.List;
import java.util.Map;

/**
 * A report on one article or asset: its totals and the same figures split by sharer, department
 * and partner, the biggest group first.
 */
public record ContentReport<F>(long id, F total, Map<ReportSplit, List<SplitRow<F>>> splits) {
}

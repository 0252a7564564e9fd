package io.yutang.content.report;

/** How a report's rows are grouped: by the sharer on the card, or that sharer's department (employees) or company (partners). */
public enum ReportSplit {
    SHARER,
    DEPARTMENT,
    PARTNER
}

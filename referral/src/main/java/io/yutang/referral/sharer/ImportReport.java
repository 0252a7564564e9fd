package io.yutang.referral.sharer;

import java.util.List;

/** What an import did: rows created, rows updated, and each bad row with why (those were skipped). */
public record ImportReport(int created, int updated, List<RowError> errors) {

    /** A refused row: its position in the import (from 1), the field, and the reason's message key. */
    public record RowError(int row, String field, String reason) {
    }
}

package io.yutang.referral.sharer;

import java.util.List;
import java.util.function.Function;

/**
 * What an import did: rows created, rows updated, each imported row with its sharer's id, and
 * each bad row with why (those were skipped).
 *
 * <p>{@code row} is where the row stood in what marketing sent: in a CSV the spreadsheet row (the
 * header is row 1, the first data row row 2); in a JSON array the position from 1 (index + 1).
 */
public record ImportReport(int created, int updated, List<ImportedRow> rows, List<RowError> errors) {

    /** Whether an imported row made a new sharer or updated the one with its external id. */
    public enum Outcome {
        CREATED,
        UPDATED
    }

    /** An imported row and the id of its sharer, for binding links and the list. */
    public record ImportedRow(int row, long id, String externalId, Outcome outcome) {
    }

    /**
     * A refused row: its row, the field, the reason's machine code ({@code required},
     * {@code too-long}, {@code not-importable}, {@code required-for-partner},
     * {@code not-a-web-address}) and a sentence saying it to people (null until {@link #explained}).
     */
    public record RowError(int row, String field, String reason, String message) {

        RowError(int row, String field, String reason) {
            this(row, field, reason, null);
        }
    }

    /** This report with every error's message written by {@code messages} from its reason code. */
    public ImportReport explained(Function<String, String> messages) {
        return new ImportReport(created, updated, rows, errors.stream()
                .map(e -> new RowError(e.row(), e.field(), e.reason(), messages.apply(e.reason())))
                .toList());
    }
}

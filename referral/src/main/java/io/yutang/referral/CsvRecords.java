package io.yutang.referral;

import java.util.ArrayList;
import java.util.List;

/**
 * The CSV yutang reads and writes in its imports and exports (sharers here, viewing logs and
 * attendee lists in livestream): RFC 4180 quoting with doubled quotes, CRLF or LF, Excel's UTF-8
 * BOM ignored, blank lines skipped; cells written quoted, with a leading {@code = + - @} defused
 * so a spreadsheet does not run it as a formula.
 */
public final class CsvRecords {

    private CsvRecords() {
    }

    /** Every non-blank record of {@code csv}, split into its fields (unquoted). */
    public static List<List<String>> of(String csv) {
        String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                end(records, record, field);
                record = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        end(records, record, field);
        return records;
    }

    /** One cell, quoted; a value a spreadsheet would read as a formula is prefixed with an apostrophe. */
    public static String cell(String value) {
        if (value == null) {
            return "";
        }
        String safe = value.startsWith("=") || value.startsWith("+") || value.startsWith("-") || value.startsWith("@")
                ? "'" + value : value;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }

    private static void end(List<List<String>> records, List<String> record, StringBuilder field) {
        record.add(field.toString());
        field.setLength(0);
        if (!(record.size() == 1 && record.get(0).isBlank())) {
            records.add(record);
        }
    }
}

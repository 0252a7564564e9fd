package io.yutang.livestream.attendance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a live platform's CSV export: a header row naming {@code viewerId, joinedAt, leftAt, mode}
 * in any order, quoted fields (with doubled quotes inside), Excel's UTF-8 BOM, CRLF or LF.
 */
final class ViewingLogCsv {

    private ViewingLogCsv() {
    }

    static List<ViewingLogRow> rows(String csv, int most) {
        List<List<String>> records = records(csv.startsWith("\uFEFF") ? csv.substring(1) : csv);
        if (records.isEmpty()) {
            throw new InvalidViewingLog("empty: a header row viewerId,joinedAt,leftAt,mode comes first");
        }
        if (records.size() - 1 > most) {
            throw new InvalidViewingLog("at most " + most + " rows per upload");
        }
        List<String> header = records.get(0).stream().map(String::strip).toList();
        List<ViewingLogRow> rows = new ArrayList<>();
        for (List<String> record : records.subList(1, records.size())) {
            Map<String, String> cell = new HashMap<>();
            for (int c = 0; c < header.size() && c < record.size(); c++) {
                cell.put(header.get(c), record.get(c).strip());
            }
            rows.add(new ViewingLogRow(cell.get("viewerId"), cell.get("joinedAt"), cell.get("leftAt"), cell.get("mode")));
        }
        return rows;
    }

    /** Every non-blank record, split into fields. */
    private static List<List<String>> records(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
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

    private static void end(List<List<String>> records, List<String> record, StringBuilder field) {
        record.add(field.toString());
        field.setLength(0);
        if (!(record.size() == 1 && record.get(0).isBlank())) {
            records.add(record);
        }
    }
}

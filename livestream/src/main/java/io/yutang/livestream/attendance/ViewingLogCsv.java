package io.yutang.livestream.attendance;

import io.yutang.referral.csv.Csv;
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
        List<List<String>> records = Csv.records(csv);
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
}

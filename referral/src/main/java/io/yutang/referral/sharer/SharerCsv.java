package io.yutang.referral.sharer;

import io.yutang.referral.csv.Csv;
import io.yutang.referral.csv.MalformedCsv;
import io.yutang.referral.SharerKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a sharer import in CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF; a UTF-8 BOM
 * from Excel is ignored). The header names the columns: kind, externalId, name, title,
 * department, company, managerExternalId, avatarUrl.
 */
public final class SharerCsv {

    private SharerCsv() {
    }

    static List<SharerRow> parse(String csv) {
        return numbered(csv).stream().map(NumberedRow::sharer).toList();
    }

    /** The data rows with the spreadsheet row each stands on (the header is row 1). */
    static List<NumberedRow> numbered(String csv) {
        List<Csv.Row> records = Csv.numberedRecords(csv);
        if (records.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> columns = new HashMap<>();
        List<String> header = records.get(0).fields();
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i).strip().toLowerCase(Locale.ROOT);
            if (!column.isEmpty() && columns.put(column, i) != null) {
                throw MalformedCsv.duplicateColumn(header.get(i).strip());
            }
        }
        List<NumberedRow> rows = new ArrayList<>();
        for (Csv.Row numbered : records.subList(1, records.size())) {
            List<String> record = numbered.fields();
            rows.add(new NumberedRow(numbered.number(), new SharerRow(kind(field(record, columns, "kind")),
                    field(record, columns, "externalid"), field(record, columns, "name"), field(record, columns, "title"),
                    field(record, columns, "department"), field(record, columns, "company"),
                    field(record, columns, "managerexternalid"), field(record, columns, "avatarurl"))));
        }
        return rows;
    }

    private static SharerKind kind(String value) {
        if (value == null) {
            return null;
        }
        for (SharerKind kind : SharerKind.values()) {
            if (kind.name().equalsIgnoreCase(value.strip())) {
                return kind;
            }
        }
        return null;
    }

    private static String field(List<String> record, Map<String, Integer> columns, String name) {
        Integer index = columns.get(name);
        return index == null || index >= record.size() || record.get(index).isBlank() ? null : record.get(index);
    }
}

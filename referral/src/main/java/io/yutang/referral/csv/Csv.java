package io.yutang.referral.csv;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

/**
 * Reads and writes yutang's CSV: RFC 4180 (quoted fields, doubled quotes, line breaks inside
 * quotes, CRLF or LF), Excel's UTF-8 BOM ignored, blank lines skipped; text cells written quoted,
 * numbers bare, and a text starting with {@code = + - @}, a tab or a carriage return prefixed with
 * an apostrophe so a spreadsheet shows it instead of running it.
 */
public final class Csv {

    private static final CSVFormat READ = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
    private static final CSVFormat READ_EVERY_LINE = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();
    private static final CSVFormat WRITE = CSVFormat.RFC4180.builder()
            .setQuoteMode(QuoteMode.NON_NUMERIC).setRecordSeparator("\n").get();

    private Csv() {
    }

    /** Every non-blank record of {@code csv}, split into its fields; refused with {@link MalformedCsv}. */
    public static List<List<String>> records(String csv) {
        String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
        List<List<String>> records = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), READ)) {
            for (CSVRecord record : parser) {
                List<String> fields = record.toList();
                if (!(fields.size() == 1 && fields.get(0).isBlank())) {
                    records.add(fields);
                }
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new MalformedCsv(cause.getMessage());
        }
        return records;
    }

    /**
     * Every non-blank record of {@code csv} with the row a spreadsheet shows it on: the header is
     * row 1, a blank line counts as a row, a quoted line break does not start one. Refused with
     * {@link MalformedCsv}.
     */
    public static List<Row> numberedRecords(String csv) {
        String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
        List<Row> records = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), READ_EVERY_LINE)) {
            for (CSVRecord record : parser) {
                List<String> fields = record.toList();
                if (!(fields.size() == 1 && fields.get(0).isBlank())) {
                    records.add(new Row(Math.toIntExact(record.getRecordNumber()), fields));
                }
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new MalformedCsv(cause.getMessage());
        }
        return records;
    }

    /** A record and the spreadsheet row it stands on (from 1, the header's). */
    public record Row(int number, List<String> fields) {
    }

    /** One line, ending in a line feed: numbers as they are, texts quoted and defused, null as an empty cell. */
    public static String line(Object... cells) {
        Object[] safe = new Object[cells.length];
        for (int i = 0; i < cells.length; i++) {
            safe[i] = cells[i] instanceof CharSequence text ? defused(text.toString()) : cells[i];
        }
        return WRITE.format(safe) + "\n";
    }

    private static String defused(String text) {
        return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }
}

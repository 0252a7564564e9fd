package io.yutang.referral.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void readsExcelsBomQuotedCommasNewlinesAndDoubledQuotesAndSkipsBlankLines() {
        String csv = "\uFEFFname,note\r\n\"王, 销售\",\"line one\nline two\"\r\n\r\n\"赵 \"\"伙伴\"\"\",x\n";

        assertThat(Csv.records(csv)).containsExactly(List.of("name", "note"), List.of("王, 销售", "line one\nline two"),
                List.of("赵 \"伙伴\"", "x"));
    }

    @Test
    void refusesAQuoteLeftOpenAsBadRequest() {
        assertThatThrownBy(() -> Csv.records("name\n\"never closed\n"))
                .isInstanceOfSatisfying(MalformedCsv.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(400);
                    assertThat(e.getDetailMessageArguments()).singleElement().asString()
                            .contains("EOF reached").doesNotContain("org.apache");
                });
    }

    @Test
    void writesNumbersBareTextQuotedAndDefusesWhatASpreadsheetWouldRun() {
        assertThat(Csv.line(42L, "王", "=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", null, "a\"b"))
                .isEqualTo("42,\"王\",\"'=HYPERLINK(\"\"http://x\"\")\",\"'+1\",\"'-2\",\"'@SUM(A1)\",\"'\tx\",,\"a\"\"b\"\n");
    }
}

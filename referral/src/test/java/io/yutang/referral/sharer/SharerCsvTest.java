package io.yutang.referral.sharer;

import io.yutang.referral.SharerKind;
import io.yutang.referral.sharer.SharerCsv;
import io.yutang.referral.sharer.SharerRow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SharerCsvTest {

    @Test
    void readsAnExcelExportWithQuotesCommasAndChinese() {
        String csv = "\uFEFFkind,externalId,name,title,department,company\r\n"
                + "employee,E1,王销售,\"高级客户经理, 华东\",华东大区,\r\n"
                + "PARTNER,P7,\"赵 \"\"伙伴\"\"\",,,云启科技\r\n"
                + "\r\n"
                + "robot,R1,机器人,,,\n";

        List<SharerRow> rows = SharerCsv.parse(csv);

        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).isEqualTo(new SharerRow(SharerKind.EMPLOYEE, "E1", "王销售", "高级客户经理, 华东",
                "华东大区", null, null, null));
        assertThat(rows.get(1).name()).isEqualTo("赵 \"伙伴\"");
        assertThat(rows.get(1).company()).isEqualTo("云启科技");
        assertThat(rows.get(2).kind()).as("an unknown kind is left for validation to report").isNull();
    }

    @Test
    void anEmptyFileHasNoRows() {
        assertThat(SharerCsv.parse("")).isEmpty();
        assertThat(SharerCsv.parse("kind,externalId,name\n")).isEmpty();
    }
}

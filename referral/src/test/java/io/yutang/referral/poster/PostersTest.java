package io.yutang.referral.poster;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.referral.Sharer;
import io.yutang.referral.SharerKind;
import org.junit.jupiter.api.Test;

class PostersTest {

    @Test
    void aZipEntryNameDropsBidiOverridesAndOtherInvisibleCharacters() {
        assertThat(Posters.entryName(employee(7, "王\u202Egnp.exe"))).isEqualTo("7-王gnp.exe.png");
        assertThat(Posters.entryName(employee(8, "\u2066李\u2069\u200B销售\u0000"))).isEqualTo("8-李销售.png");
    }

    @Test
    void aZipEntryNameKeepsAReadableNameAndDropsWhatFileSystemsRefuse() {
        assertThat(Posters.entryName(employee(9, "赵/销售:华东*"))).isEqualTo("9-赵销售华东.png");
        assertThat(Posters.entryName(employee(10, "\u202E"))).isEqualTo("10.png");
    }

    private static Sharer employee(long id, String name) {
        return new Sharer(id, SharerKind.EMPLOYEE, name, null, "华东大区", null, null, null);
    }
}

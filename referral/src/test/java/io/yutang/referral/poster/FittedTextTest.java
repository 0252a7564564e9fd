package io.yutang.referral.poster;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class FittedTextTest {

    static final FontRenderContext FRC = new FontRenderContext(null, true, true);
    final PosterFonts fonts = PosterFonts.get();

    @Test
    void aFortyThousandCharacterTitleEndsInAnEllipsisOnItsLastLine() {
        String title = "华东大区数字化营销高级经理".repeat(40_000 / 13 + 1).substring(0, 40_000);

        FittedText fitted = FittedText.fit(title, fonts::regular, 28, 400, 2, FRC);

        assertThat(fitted.lines()).hasSize(2);
        assertThat(fitted.lines().get(0)).startsWith("华东大区数字化");
        assertThat(fitted.lines().get(1)).endsWith(FittedText.ELLIPSIS);
        assertThat(fitted.font().getSize()).isEqualTo(Math.round(28 * 0.6f));
        for (String line : fitted.lines()) {
            assertThat(FittedText.width(line, fitted.font(), FRC)).isLessThanOrEqualTo(400);
        }
    }

    @Test
    void aTextThatFitsIsDrawnWholeAtTheWantedSize() {
        FittedText fitted = FittedText.fit("销售经理", fonts::regular, 28, 400, 1, FRC);

        assertThat(fitted.lines()).containsExactly("销售经理");
        assertThat(fitted.font().getSize()).isEqualTo(28);
    }

    @Test
    void trailingSpacesAfterTheLastLineDoNotCountAsOverflow() {
        Font font = fonts.regular(28);
        int width = (int) Math.ceil(FittedText.width("销".repeat(5), font, FRC));

        FittedText fitted = FittedText.fit("销".repeat(5) + "     ", size -> font, 28, width, 1, FRC);

        assertThat(fitted.lines()).containsExactly("销".repeat(5));
    }

    @Test
    void thePosterOfAFortyThousandCharacterTitleIsRendered() {
        BufferedImage poster = new PosterRenderer().draw(PosterCanvas.BUILT_IN,
                new PosterContent("王销售", "经理".repeat(20_000), "开课".repeat(20_000), PosterRendererTest.SCENE_URL, null));

        assertThat(poster.getWidth()).isEqualTo(750);
        assertThat(poster.getHeight()).isEqualTo(1334);
    }
}

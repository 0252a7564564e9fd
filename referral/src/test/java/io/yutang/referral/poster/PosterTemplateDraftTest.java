package io.yutang.referral.poster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PosterTemplateDraftTest {

    static final PosterLayout GOOD = new PosterLayout(new PosterLayout.Square(40, 40, 160),
            new PosterLayout.TextBox(240, 60, 320, 40, "#1F2937", null), null, new PosterLayout.Square(150, 400, 300),
            new PosterLayout.TextBox(40, 240, 520, 30, null, PosterLayout.Align.CENTER));

    @Test
    void acceptsPlacementsInsideTheBackground() {
        assertThat(new PosterTemplateDraft("春季直播", GOOD).problems(600, 800)).isEmpty();
    }

    @Test
    void reportsEveryPlacementOutsideTheBackground() {
        assertThat(new PosterTemplateDraft("春季直播", GOOD).problems(500, 500)).containsExactlyInAnyOrder(
                Map.of("field", "placements.name", "reason", "outside-the-background"),
                Map.of("field", "placements.qr", "reason", "outside-the-background"),
                Map.of("field", "placements.campaignText", "reason", "outside-the-background"));
    }

    @Test
    void aPlacementWhoseEdgeOverflowsIntegersIsStillOutside() {
        PosterLayout layout = new PosterLayout(new PosterLayout.Square(2_147_443_648, 2_147_443_648, 40_000), GOOD.name(),
                null, GOOD.qr(), GOOD.campaignText());

        assertThat(new PosterTemplateDraft("春季直播", layout).problems(600, 800))
                .containsExactly(Map.of("field", "placements.avatar", "reason", "outside-the-background"));
    }

    @Test
    void campaignTextNeedsRoomForItsSecondLine() {
        PosterLayout layout = new PosterLayout(GOOD.avatar(), GOOD.name(), null, GOOD.qr(),
                new PosterLayout.TextBox(40, 800 - 45, 520, 30, null, null));

        assertThat(new PosterTemplateDraft("春季直播", layout).problems(600, 800))
                .containsExactly(Map.of("field", "placements.campaignText", "reason", "outside-the-background"));
    }

    @Test
    void namesWhatIsMissingOrMalformed() {
        PosterLayout layout = new PosterLayout(null, new PosterLayout.TextBox(0, 0, 300, 5, "red", null), null,
                new PosterLayout.Square(0, 0, 60), null);

        assertThat(new PosterTemplateDraft(" ", layout).problems(600, 800)).containsExactlyInAnyOrder(
                Map.of("field", "name", "reason", "required"),
                Map.of("field", "placements.avatar", "reason", "required"),
                Map.of("field", "placements.name.fontSize", "reason", "between-10-and-200"),
                Map.of("field", "placements.name.color", "reason", "not-#RRGGBB"),
                Map.of("field", "placements.qr.size", "reason", "at-least-100"));
        assertThat(new PosterTemplateDraft("x".repeat(65), null).problems(600, 800)).containsExactly(
                Map.of("field", "name", "reason", "at-most-64-printable-characters"),
                Map.of("field", "placements", "reason", "required"));
    }
}

package io.yutang.referral.poster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What marketing uploads beside a template's background: the template's name (an existing name
 * gets a new version) and the placements.
 */
record PosterTemplateDraft(String name, PosterLayout placements) {

    static final int MAX_NAME_LENGTH = 64;
    private static final int MIN_QR = 100;
    private static final int MIN_AVATAR = 16;
    private static final int MIN_FONT = 10;
    private static final int MAX_FONT = 200;

    /** What breaks a rule, as {@code {field, reason}}, for a background of {@code width}×{@code height}. */
    List<Map<String, String>> problems(int width, int height) {
        List<Map<String, String>> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add(problem("name", "required"));
        } else if (name.strip().length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            problems.add(problem("name", "at-most-64-printable-characters"));
        }
        if (placements == null) {
            problems.add(problem("placements", "required"));
            return problems;
        }
        square(problems, "placements.avatar", placements.avatar(), MIN_AVATAR, true, width, height);
        text(problems, "placements.name", placements.name(), 1, true, width, height);
        text(problems, "placements.title", placements.title(), 1, false, width, height);
        square(problems, "placements.qr", placements.qr(), MIN_QR, true, width, height);
        text(problems, "placements.campaignText", placements.campaignText(), PosterLayout.CAMPAIGN_TEXT_LINES, false,
                width, height);
        return problems;
    }

    private static void square(List<Map<String, String>> problems, String field, PosterLayout.Square box, int minSize,
            boolean required, int width, int height) {
        if (absent(problems, field, box, required)) {
            return;
        }
        if (box.x() == null || box.y() == null || box.size() == null) {
            problems.add(problem(field, "x-y-size-required"));
        } else if (box.size() < minSize) {
            problems.add(problem(field + ".size", "at-least-" + minSize));
        } else if (!inside(box.x(), box.y(), box.size(), box.size(), width, height)) {
            problems.add(problem(field, "outside-the-background"));
        }
    }

    private static void text(List<Map<String, String>> problems, String field, PosterLayout.TextBox box, int lines,
            boolean required, int width, int height) {
        if (absent(problems, field, box, required)) {
            return;
        }
        if (box.x() == null || box.y() == null || box.width() == null || box.fontSize() == null) {
            problems.add(problem(field, "x-y-width-fontSize-required"));
        } else if (box.fontSize() < MIN_FONT || box.fontSize() > MAX_FONT) {
            problems.add(problem(field + ".fontSize", "between-" + MIN_FONT + "-and-" + MAX_FONT));
        } else if (box.width() < box.fontSize()) {
            problems.add(problem(field + ".width", "at-least-fontSize"));
        } else if (!inside(box.x(), box.y(), box.width(), box.lineHeight() * lines, width, height)) {
            problems.add(problem(field, "outside-the-background"));
        }
        if (!PosterLayout.TextBox.validColor(box.color())) {
            problems.add(problem(field + ".color", "not-#RRGGBB"));
        }
    }

    /** Whether the box was left out, which is a problem when it is required. */
    private static boolean absent(List<Map<String, String>> problems, String field, Object box, boolean required) {
        if (box == null && required) {
            problems.add(problem(field, "required"));
        }
        return box == null;
    }

    private static boolean inside(int x, int y, int boxWidth, int boxHeight, int width, int height) {
        return x >= 0 && y >= 0 && boxWidth > 0 && boxHeight > 0 && (long) x + boxWidth <= width && (long) y + boxHeight <= height;
    }

    static Map<String, String> problem(String field, String reason) {
        return Map.of("field", field, "reason", reason);
    }
}

package io.yutang.referral.poster;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A text fitted into a width: drawn at the largest size from the wanted one down to a floor at
 * which it fits in {@code maxLines} lines; if it does not fit even then, the last line ends in "…".
 * Wrapping stops at the first line past {@code maxLines}, so what is measured is bounded by the box,
 * not by the text (a 40,000-character title costs what a two-line one does).
 */
record FittedText(Font font, List<String> lines) {

    static final String ELLIPSIS = "…";

    /**
     * @param sizes the font at a size (already the right family and weight)
     * @param text what the font can display (see {@link PosterFonts#displayable})
     */
    static FittedText fit(String text, IntFunction<Font> sizes, int fontSize, int width, int maxLines,
            FontRenderContext frc) {
        int floor = Math.max(10, Math.round(fontSize * 0.6f));
        for (int size = fontSize; size > floor; size--) {
            Font font = sizes.apply(size);
            List<String> lines = wrap(text, font, width, maxLines, frc);
            if (lines.size() <= maxLines) {
                return new FittedText(font, lines);
            }
        }
        Font font = sizes.apply(floor);
        List<String> lines = wrap(text, font, width, maxLines, frc);
        if (lines.size() <= maxLines) {
            return new FittedText(font, lines);
        }
        List<String> kept = new ArrayList<>(lines.subList(0, maxLines - 1));
        String rest = String.join("", lines.subList(maxLines - 1, lines.size()));
        kept.add(ellipsized(rest, font, width, frc));
        return new FittedText(font, List.copyOf(kept));
    }

    static double width(String text, Font font, FontRenderContext frc) {
        return text.isEmpty() ? 0 : font.getStringBounds(text, frc).getWidth();
    }

    /**
     * Greedy wrap by code point (Chinese breaks between any two characters); lines are trimmed. At
     * most {@code maxLines} full lines: when more text follows them, one more line holds only its
     * first code point, enough to tell the text overflows and to ellipsize the last line.
     */
    private static List<String> wrap(String text, Font font, int width, int maxLines, FontRenderContext frc) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            String candidate = line + text.substring(i, next);
            if (!line.isEmpty() && width(candidate, font, frc) > width) {
                lines.add(line.toString().strip());
                line.setLength(0);
                if (lines.size() == maxLines) {
                    String rest = text.substring(i).strip();
                    if (!rest.isEmpty()) {
                        lines.add(rest.substring(0, rest.offsetByCodePoints(0, 1)));
                    }
                    return lines;
                }
                if (cp != ' ') {
                    line.appendCodePoint(cp);
                }
            } else {
                line.appendCodePoint(cp);
            }
            i = next;
        }
        if (!line.toString().isBlank() || lines.isEmpty()) {
            lines.add(line.toString().strip());
        }
        return lines;
    }

    private static String ellipsized(String text, Font font, int width, FontRenderContext frc) {
        int[] cps = text.codePoints().toArray();
        for (int n = cps.length; n > 0; n--) {
            String candidate = new String(cps, 0, n).strip() + ELLIPSIS;
            if (width(candidate, font, frc) <= width) {
                return candidate;
            }
        }
        return width(ELLIPSIS, font, frc) <= width ? ELLIPSIS : "";
    }
}

package io.yutang.referral.poster;

import java.util.regex.Pattern;

/**
 * Where a template draws each part of a poster, in pixels of its background. Avatar, name and QR
 * code are required; title and campaign text are optional.
 */
record PosterLayout(Square avatar, TextBox name, TextBox title, Square qr, TextBox campaignText) {

    /** The built-in poster: 750×1334 on a drawn gradient. */
    static final PosterLayout BUILT_IN = new PosterLayout(
            new Square(315, 150, 120),
            new TextBox(75, 300, 600, 44, "#FFFFFF", Align.CENTER),
            new TextBox(75, 372, 600, 28, "#DCE6FF", Align.CENTER),
            new Square(215, 720, 320),
            new TextBox(75, 480, 600, 36, "#FFFFFF", Align.CENTER));

    /** Campaign text may wrap to this many lines; the other texts take one. */
    static final int CAMPAIGN_TEXT_LINES = 2;

    /** A square box: the avatar's circle or the QR code with its quiet zone. */
    record Square(Integer x, Integer y, Integer size) {
    }

    /** A text's box: one line (two for campaign text) of {@link #lineHeight()} each. */
    record TextBox(Integer x, Integer y, Integer width, Integer fontSize, String color, Align align) {

        private static final Pattern COLOR = Pattern.compile("#[0-9A-Fa-f]{6}");

        int lineHeight() {
            return (int) Math.ceil(fontSize * 1.5);
        }

        /** The colour as 0xRRGGBB; dark grey when none was given. */
        int rgb() {
            return color == null ? 0x222222 : Integer.parseInt(color.substring(1), 16);
        }

        Align alignment() {
            return align == null ? Align.LEFT : align;
        }

        static boolean validColor(String color) {
            return color == null || COLOR.matcher(color).matches();
        }
    }

    /** How a text sits in its box. */
    enum Align {
        LEFT, CENTER
    }
}

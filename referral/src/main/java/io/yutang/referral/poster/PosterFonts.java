package io.yutang.referral.poster;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Noto Sans SC (regular and bold, SIL Open Font License 1.1), which the build puts on the
 * classpath under {@code fonts/}; loaded once per JVM.
 */
final class PosterFonts {

    private static final class Loaded {
        static final PosterFonts FONTS = new PosterFonts(load("fonts/NotoSansSC-Regular.ttf"),
                load("fonts/NotoSansSC-Bold.ttf"));
    }

    private final Font regular;
    private final Font bold;

    private PosterFonts(Font regular, Font bold) {
        this.regular = regular;
        this.bold = bold;
    }

    static PosterFonts get() {
        return Loaded.FONTS;
    }

    Font regular(float size) {
        return regular.deriveFont(size);
    }

    Font bold(float size) {
        return bold.deriveFont(size);
    }

    /**
     * The text without what the font cannot draw (emoji, variation selectors, controls), with runs
     * of white space folded to one space and trimmed; never tofu boxes.
     */
    static String displayable(String text, Font font) {
        if (text == null) {
            return "";
        }
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                if (!kept.isEmpty() && kept.charAt(kept.length() - 1) != ' ') {
                    kept.append(' ');
                }
            } else if (!Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT && font.canDisplay(cp)) {
                kept.appendCodePoint(cp);
            }
        });
        return kept.toString().strip();
    }

    private static Font load(String resource) {
        try (InputStream in = PosterFonts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath; the build unpacks it (mvn generate-resources)");
            }
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + resource, e);
        } catch (FontFormatException e) {
            throw new IllegalStateException(resource + " is not a TrueType font", e);
        }
    }
}

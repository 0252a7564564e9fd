package io.yutang.referral.poster;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.LineMetrics;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * Draws a poster to PNG: a pure, CPU-only function of the canvas and the content (Java2D on an
 * in-memory image, headless-safe). Callers run it off the event loop.
 */
@Component
class PosterRenderer {

    /** Part of every cache key: bump it when the drawing changes, so no poster drawn before stays cached. */
    static final String REVISION = "r2";

    private static final int[] INITIALS_COLORS = {0x3B82F6, 0x10B981, 0xF59E0B, 0xEF4444, 0x8B5CF6, 0x14B8A6, 0xEC4899};
    private static final Map<EncodeHintType, Object> QR_HINTS = Map.of(
            EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
            EncodeHintType.MARGIN, 4,
            EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());

    private final PosterFonts fonts;

    PosterRenderer() {
        this(PosterFonts.get());
    }

    PosterRenderer(PosterFonts fonts) {
        this.fonts = fonts;
    }

    byte[] render(PosterCanvas canvas, PosterContent content) {
        return ImageBytes.png(draw(canvas, content));
    }

    BufferedImage draw(PosterCanvas canvas, PosterContent content) {
        Objects.requireNonNull(content.sceneUrl(), "a poster needs the share link's scene code");
        BufferedImage image = new BufferedImage(canvas.width(), canvas.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            background(g, canvas);
            PosterLayout layout = canvas.layout();
            avatar(g, layout.avatar(), content);
            text(g, layout.name(), content.name(), true, 1);
            text(g, layout.title(), content.title(), false, 1);
            text(g, layout.campaignText(), content.campaignText(), false, PosterLayout.CAMPAIGN_TEXT_LINES);
            qr(g, layout.qr(), content.sceneUrl());
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void background(Graphics2D g, PosterCanvas canvas) {
        if (canvas.background() != null) {
            g.drawImage(canvas.background(), 0, 0, canvas.width(), canvas.height(), null);
            return;
        }
        g.setPaint(new GradientPaint(0, 0, new Color(0x1E4FD8), 0, canvas.height(), new Color(0x6EA8FF)));
        g.fillRect(0, 0, canvas.width(), canvas.height());
        PosterLayout.Square qr = canvas.layout().qr();
        int pad = 24;
        g.setColor(Color.WHITE);
        g.fill(new RoundRectangle2D.Float(qr.x() - pad, qr.y() - pad, qr.size() + 2 * pad, qr.size() + 2 * pad, 32, 32));
    }

    private void avatar(Graphics2D g, PosterLayout.Square box, PosterContent content) {
        int size = box.size();
        BufferedImage circle = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D c = circle.createGraphics();
        try {
            c.setRenderingHints(g.getRenderingHints());
            Ellipse2D shape = new Ellipse2D.Float(0, 0, size, size);
            if (content.avatar() != null) {
                c.setColor(Color.WHITE);
                c.fill(shape);
                c.setComposite(AlphaComposite.SrcIn);
                BufferedImage avatar = content.avatar();
                int side = Math.min(avatar.getWidth(), avatar.getHeight());
                int sx = (avatar.getWidth() - side) / 2;
                int sy = (avatar.getHeight() - side) / 2;
                c.drawImage(avatar, 0, 0, size, size, sx, sy, sx + side, sy + side, null);
            } else {
                initials(c, size, content.name());
            }
        } finally {
            c.dispose();
        }
        g.drawImage(circle, box.x(), box.y(), null);
    }

    private void initials(Graphics2D c, int size, String name) {
        String shown = PosterFonts.displayable(name, fonts.bold(12));
        int initial = shown.codePoints().filter(Character::isLetterOrDigit).findFirst().orElse(-1);
        c.setColor(new Color(INITIALS_COLORS[Math.floorMod(shown.hashCode(), INITIALS_COLORS.length)]));
        c.fill(new Ellipse2D.Float(0, 0, size, size));
        if (initial < 0) {
            return;
        }
        String letter = new String(Character.toChars(initial)).toUpperCase(Locale.ROOT);
        Font font = fonts.bold(size * 0.46f);
        FontRenderContext frc = c.getFontRenderContext();
        LineMetrics metrics = font.getLineMetrics(letter, frc);
        float x = (float) (size - FittedText.width(letter, font, frc)) / 2;
        float baseline = (size - metrics.getAscent() - metrics.getDescent()) / 2 + metrics.getAscent();
        c.setColor(Color.WHITE);
        c.setFont(font);
        c.drawString(letter, x, baseline);
    }

    private void text(Graphics2D g, PosterLayout.TextBox box, String text, boolean bold, int maxLines) {
        if (box == null || text == null) {
            return;
        }
        Font probe = bold ? fonts.bold(box.fontSize()) : fonts.regular(box.fontSize());
        String shown = PosterFonts.displayable(text, probe);
        if (shown.isEmpty()) {
            return;
        }
        FontRenderContext frc = g.getFontRenderContext();
        FittedText fitted = FittedText.fit(shown, size -> bold ? fonts.bold(size) : fonts.regular(size),
                box.fontSize(), box.width(), maxLines, frc);
        g.setFont(fitted.font());
        g.setColor(new Color(box.rgb()));
        int lineHeight = box.lineHeight();
        for (int i = 0; i < fitted.lines().size(); i++) {
            String line = fitted.lines().get(i);
            LineMetrics metrics = fitted.font().getLineMetrics(line, frc);
            float top = box.y() + (float) i * lineHeight;
            float baseline = top + (lineHeight - metrics.getAscent() - metrics.getDescent()) / 2 + metrics.getAscent();
            double width = FittedText.width(line, fitted.font(), frc);
            float x = box.alignment() == PosterLayout.Align.CENTER ? (float) (box.x() + (box.width() - width) / 2) : box.x();
            g.drawString(line, x, baseline);
        }
    }

    private static void qr(Graphics2D g, PosterLayout.Square box, String url) {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(url, BarcodeFormat.QR_CODE, 0, 0, QR_HINTS);
        } catch (WriterException e) {
            throw new IllegalArgumentException("The scene code's URL does not fit in a QR code", e);
        }
        int modules = matrix.getWidth();
        int module = box.size() / modules;
        if (module < 1) {
            throw new IllegalArgumentException("A QR code of " + modules + " modules does not fit in " + box.size() + " px");
        }
        int offset = (box.size() - module * modules) / 2;
        Object antialiasing = g.getRenderingHint(RenderingHints.KEY_ANTIALIASING);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setColor(Color.WHITE);
        g.fillRect(box.x(), box.y(), box.size(), box.size());
        g.setColor(Color.BLACK);
        for (int y = 0; y < modules; y++) {
            for (int x = 0; x < modules; x++) {
                if (matrix.get(x, y)) {
                    g.fillRect(box.x() + offset + x * module, box.y() + offset + y * module, module, module);
                }
            }
        }
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, antialiasing);
    }
}

package io.yutang.referral.poster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PosterRendererTest {

    static final String SCENE_URL = "http://weixin.qq.com/q/02AbCdEfGhIjKlMnOpQrStUv";
    static final PosterLayout.TextBox NAME = new PosterLayout.TextBox(40, 40, 400, 40, "#111111", null);
    /** A plain white template: only the avatar, the name and the QR code, far from each other. */
    static final PosterCanvas WHITE = new PosterCanvas(600, 800, new PosterLayout(
            new PosterLayout.Square(40, 160, 120), NAME, null, new PosterLayout.Square(200, 420, 300), null),
            solid(600, 800, Color.WHITE));

    final PosterRenderer renderer = new PosterRenderer();

    @Test
    void thePngDecodesAtTheTemplatesSize() throws IOException {
        BufferedImage builtIn = ImageIO.read(new ByteArrayInputStream(renderer.render(PosterCanvas.BUILT_IN, rep("王销售"))));
        BufferedImage uploaded = ImageIO.read(new ByteArrayInputStream(renderer.render(WHITE, rep("王销售"))));

        assertThat(builtIn.getWidth()).isEqualTo(750);
        assertThat(builtIn.getHeight()).isEqualTo(1334);
        assertThat(uploaded.getWidth()).isEqualTo(600);
        assertThat(uploaded.getHeight()).isEqualTo(800);
    }

    @Test
    void theQrCodeDecodesToTheShareLinksSceneUrl() throws Exception {
        BufferedImage builtIn = decoded(renderer.render(PosterCanvas.BUILT_IN, rep("王销售")));
        BufferedImage uploaded = decoded(renderer.render(WHITE, rep("王销售")));

        assertThat(qr(builtIn, PosterLayout.BUILT_IN.qr())).isEqualTo(SCENE_URL);
        assertThat(qr(uploaded, WHITE.layout().qr())).isEqualTo(SCENE_URL);
    }

    @Test
    void drawsTheChineseNameWithRealGlyphs() {
        Font bold = PosterFonts.get().bold(40);
        for (char c : "王李销售…".toCharArray()) {
            assertThat(bold.canDisplay(c)).as("glyph for %s", c).isTrue();
        }
        assertThat(bold.canDisplayUpTo("王销售李销售")).isEqualTo(-1);

        BufferedImage wang = renderer.draw(WHITE, rep("王销售"));
        BufferedImage li = renderer.draw(WHITE, rep("李销售"));
        Rectangle box = box(NAME, 1);

        assertThat(inkPixels(wang, box)).as("the name is drawn").isGreaterThan(300);
        assertThat(pixels(wang, box)).as("王 and 李 are different glyphs, not the same tofu box")
                .isNotEqualTo(pixels(li, box));
        Rectangle secondAndThird = new Rectangle(box.x + 40, box.y, box.width - 40, box.height);
        assertThat(pixels(wang, secondAndThird)).as("销售 is drawn alike in both").isEqualTo(pixels(li, secondAndThird));
    }

    @Test
    void aSixtyCharacterNameStaysInsideItsBox() {
        String longName = "欧阳".repeat(30);
        assertThat(longName.length()).isEqualTo(60);

        BufferedImage poster = renderer.draw(WHITE, rep(longName));

        assertThat(inkPixels(poster, box(NAME, 1))).isGreaterThan(300);
        assertThat(inkOutside(poster, box(NAME, 1), new Rectangle(0, 0, 600, 150))).isZero();
    }

    @Test
    void anEmojiNicknameDrawsWithoutTofuAndInsideItsBox() {
        String nickname = "🐟小鱼🐟🐟🎉✨👨‍👩‍👧" + "🐟".repeat(40);
        assertThatCode(() -> renderer.render(WHITE, rep(nickname))).doesNotThrowAnyException();

        BufferedImage poster = renderer.draw(WHITE, rep(nickname));
        BufferedImage plain = renderer.draw(WHITE, rep("小鱼"));

        assertThat(pixels(poster, box(NAME, 1))).as("only 小鱼 is drawn, no boxes for the emoji")
                .isEqualTo(pixels(plain, box(NAME, 1)));
        assertThat(inkOutside(poster, box(NAME, 1), new Rectangle(0, 0, 600, 150))).isZero();
    }

    @Test
    void aMissingAvatarDrawsTheInitialOnAColouredCircle() {
        PosterLayout.Square avatar = WHITE.layout().avatar();
        BufferedImage poster = renderer.draw(WHITE, rep("王销售"));

        int centre = poster.getRGB(avatar.x() + avatar.size() / 2, avatar.y() + avatar.size() / 4) & 0xFFFFFF;
        assertThat(centre).as("a coloured disc, not the white background").isNotEqualTo(0xFFFFFF);
        assertThat(poster.getRGB(avatar.x() + 2, avatar.y() + 2) & 0xFFFFFF).as("outside the circle").isEqualTo(0xFFFFFF);
        Rectangle disc = new Rectangle(avatar.x(), avatar.y(), avatar.size(), avatar.size());
        assertThat(count(poster, disc, 0xFFFFFF)).as("the white initial 王 on the disc").isGreaterThan(200);
        assertThat(pixels(poster, disc)).as("王 and 李 have different initials")
                .isNotEqualTo(pixels(renderer.draw(WHITE, rep("李销售")), disc));
    }

    @Test
    void aFetchedAvatarFillsTheCircle() {
        PosterLayout.Square avatar = WHITE.layout().avatar();
        PosterContent content = new PosterContent("王销售", null, null, SCENE_URL, solid(64, 48, new Color(0x12A05C)));

        BufferedImage poster = renderer.draw(WHITE, content);

        assertThat(poster.getRGB(avatar.x() + avatar.size() / 2, avatar.y() + avatar.size() / 2) & 0xFFFFFF)
                .isEqualTo(0x12A05C);
        assertThat(poster.getRGB(avatar.x() + 2, avatar.y() + 2) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }

    @Test
    void aLongCampaignTextWrapsToTwoLinesInsideItsBox() {
        PosterLayout.TextBox text = new PosterLayout.TextBox(40, 40, 300, 30, "#000000", PosterLayout.Align.CENTER);
        PosterCanvas canvas = new PosterCanvas(600, 800, new PosterLayout(new PosterLayout.Square(40, 300, 60),
                new PosterLayout.TextBox(40, 200, 300, 20, null, null), null, new PosterLayout.Square(200, 420, 300), text),
                solid(600, 800, Color.WHITE));

        BufferedImage poster = renderer.draw(canvas, new PosterContent("王销售", null,
                "2026 数字化营销公开课：从公众号到私域增长的十二个实战案例，报名即送白皮书", SCENE_URL, null));

        Rectangle twoLines = box(text, 2);
        Rectangle firstLine = box(text, 1);
        assertThat(inkPixels(poster, firstLine)).isGreaterThan(300);
        assertThat(inkPixels(poster, new Rectangle(twoLines.x, firstLine.y + firstLine.height, twoLines.width,
                twoLines.height - firstLine.height))).as("a second line").isGreaterThan(300);
        assertThat(inkOutside(poster, twoLines, new Rectangle(0, 0, 600, 190))).isZero();
    }

    static PosterContent rep(String name) {
        return new PosterContent(name, null, null, SCENE_URL, null);
    }

    static BufferedImage solid(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    static BufferedImage decoded(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    static String qr(BufferedImage poster, PosterLayout.Square box) throws NotFoundException, Exception {
        BufferedImage region = poster.getSubimage(box.x(), box.y(), box.size(), box.size());
        Result result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(region))),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
        return result.getText();
    }

    static Rectangle box(PosterLayout.TextBox text, int lines) {
        return new Rectangle(text.x(), text.y(), text.width(), text.lineHeight() * lines);
    }

    static int[] pixels(BufferedImage image, Rectangle r) {
        return image.getRGB(r.x, r.y, r.width, r.height, null, 0, r.width);
    }

    static long inkPixels(BufferedImage image, Rectangle r) {
        return r.width * (long) r.height - count(image, r, 0xFFFFFF);
    }

    static long count(BufferedImage image, Rectangle r, int rgb) {
        return Arrays.stream(pixels(image, r)).filter(p -> (p & 0xFFFFFF) == rgb).count();
    }

    /** Non-white pixels inside {@code area} but outside {@code box}. */
    static long inkOutside(BufferedImage image, Rectangle box, Rectangle area) {
        long ink = 0;
        for (int y = area.y; y < area.y + area.height; y++) {
            for (int x = area.x; x < area.x + area.width; x++) {
                if (!box.contains(x, y) && (image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                    ink++;
                }
            }
        }
        return ink;
    }
}

package io.yutang.referral.poster;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Image decoding and PNG encoding in memory (no temporary files), and the one place where this
 * CPU-bound work leaves the event loop.
 */
final class ImageBytes {

    static final int MAX_SIDE = 4096;
    private static final Set<String> FORMATS = Set.of("png", "jpeg");

    private ImageBytes() {
    }

    /**
     * Image work runs here, a bounded-elastic scheduler of its own as wide as the cores: a burst of
     * renders queues instead of holding dozens of full-size canvases in memory at once.
     */
    private static final Scheduler IMAGES = Schedulers.newBoundedElastic(Math.max(2, Runtime.getRuntime().availableProcessors()),
            10_000, "poster-image", 60, true);

    /** Runs image work (decoding, drawing, encoding) off the event loop, at most a few at a time. */
    static <T> Mono<T> offEventLoop(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(IMAGES);
    }

    /** An opaque copy (4 bytes a pixel), for backgrounds kept in memory: alpha drawn over white, 16-bit channels narrowed. */
    static BufferedImage opaque(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    /** Decodes a PNG or JPEG of at most {@value #MAX_SIDE} pixels a side; the size is read before the pixels. */
    static BufferedImage decode(byte[] bytes) throws UnreadableImage {
        return decode(bytes, MAX_SIDE, false);
    }

    /**
     * Decodes a small picture (an avatar): a larger one is read at a fraction of its pixels, so
     * at most about {@code side} a side is held in memory, whatever size it declares.
     */
    static BufferedImage decodeSmall(byte[] bytes, int side) throws UnreadableImage {
        return decode(bytes, side, true);
    }

    private static BufferedImage decode(byte[] bytes, int side, boolean subsample) throws UnreadableImage {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new UnreadableImage("not-png-or-jpeg");
            }
            ImageReader reader = readers.next();
            try {
                if (!FORMATS.contains(reader.getFormatName().toLowerCase(Locale.ROOT))) {
                    throw new UnreadableImage("not-png-or-jpeg");
                }
                reader.setInput(in, true, true);
                int longest = Math.max(reader.getWidth(0), reader.getHeight(0));
                if (longest > side && !subsample) {
                    throw new UnreadableImage("larger-than-" + side + "px");
                }
                ImageReadParam param = reader.getDefaultReadParam();
                if (longest > side) {
                    int step = (longest + side - 1) / side;
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                return reader.read(0, param);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new UnreadableImage("not-png-or-jpeg");
        }
    }

    static byte[] png(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * 1024);
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(image);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing a PNG to memory failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}

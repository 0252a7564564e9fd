package io.yutang.content.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Streams an upload's body to a file on disk as it arrives, hashing and counting on the way:
 * memory stays flat whatever the file's size. A body over the limit is cut off and its file removed.
 */
public class Uploads {

    private final Path incoming;
    private final Scheduler files;

    Uploads(Path incoming, Scheduler files) {
        this.incoming = incoming;
        this.files = files;
    }

    /** A finished upload waiting on disk to be put into the store. */
    public record Upload(Path file, long size, String sha256) {
    }

    /** Writes {@code body} to a new file; {@link FileTooLarge} once it passes {@code largest}. */
    public Mono<Upload> receive(Flux<DataBuffer> body, DataSize largest) {
        return Mono.defer(() -> {
            Path file = incoming.resolve(UUID.randomUUID() + ".part");
            MessageDigest digest = sha256();
            AtomicLong size = new AtomicLong();
            Flux<DataBuffer> checked = body.map(buffer -> {
                if (size.addAndGet(buffer.readableByteCount()) > largest.toBytes()) {
                    DataBufferUtils.release(buffer);
                    throw new FileTooLarge(largest);
                }
                try (DataBuffer.ByteBufferIterator parts = buffer.readableByteBuffers()) {
                    while (parts.hasNext()) {
                        ByteBuffer part = parts.next();
                        digest.update(part);
                    }
                }
                return buffer;
            });
            return DataBufferUtils.write(checked, file)
                    .then(Mono.fromCallable(() -> new Upload(file, size.get(), HexFormat.of().formatHex(digest.digest()))))
                    .onErrorResume(failure -> discard(file).then(Mono.error(failure)));
        });
    }

    /** The longest side an uploaded image may have: a larger one would take too much memory to show or decode. */
    public static final int MAX_IMAGE_SIDE = 4096;

    /**
     * Why an uploaded file is not a usable image of this media type, or empty when it is: the file
     * must be of the type its first bytes say (a page or script labelled {@code image/png} is not),
     * at most {@value #MAX_IMAGE_SIDE} pixels a side (read from the header, before any pixel, so a
     * decompression bomb costs nothing) and decode to the end (a cut-off file does not). WebP, which
     * the JDK cannot read, only by its first bytes.
     */
    public Mono<Optional<String>> imageProblem(Path file, String mediaType) {
        String format = mediaType.toLowerCase(Locale.ROOT).replaceFirst("^image/", "");
        return Mono.fromCallable(() -> Optional.ofNullable(format.equals("webp") ? webp(file) : readImage(file, format)))
                .subscribeOn(files);
    }

    private static String webp(Path file) throws IOException {
        byte[] head = new byte[12];
        try (var in = Files.newInputStream(file)) {
            int read = in.readNBytes(head, 0, head.length);
            return read == head.length && new String(head, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("RIFF")
                    && new String(head, 8, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("WEBP") ? null : "not-a-webp-image";
        }
    }

    private static String readImage(Path file, String format) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return "not-an-image";
            }
            ImageReader reader = readers.next();
            try {
                if (!reader.getFormatName().toLowerCase(Locale.ROOT).equals(format)) {
                    return "not-a-" + format + "-image";
                }
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width < 1 || height < 1) {
                    return "not-an-image";
                }
                if (Math.max(width, height) > MAX_IMAGE_SIDE) {
                    return "larger-than-" + MAX_IMAGE_SIDE + "px";
                }
                reader.read(0);
                return null;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException unreadable) {
            return "not-an-image";
        }
    }

    /** Removes an upload that will not be stored. */
    public Mono<Void> discard(Path file) {
        return Mono.<Void>fromRunnable(() -> {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A leftover .part file holds no one's data but the uploader's; it is overwritten by nothing.
            }
        }).subscribeOn(files);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}

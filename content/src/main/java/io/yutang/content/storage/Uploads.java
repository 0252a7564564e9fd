package io.yutang.content.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
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

package io.yutang.referral.poster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A zip written while its entries arrive: each entry's bytes leave as soon as it is written, so
 * only one poster is in memory at a time. PNGs are stored, not deflated (they are compressed
 * already); entry names are UTF-8.
 */
final class PosterZip {

    /** One file of the zip. */
    record Entry(String name, byte[] content) {
    }

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(256 * 1024);
    private final ZipOutputStream zip = new ZipOutputStream(pending, StandardCharsets.UTF_8);

    private PosterZip() {
    }

    static Flux<DataBuffer> of(Flux<Entry> entries) {
        return Flux.using(PosterZip::new,
                zip -> entries.concatMap(entry -> ImageBytes.offEventLoop(() -> zip.write(entry)))
                        .concatWith(Mono.fromCallable(zip::finish))
                        .map(DefaultDataBufferFactory.sharedInstance::wrap),
                PosterZip::close);
    }

    private byte[] write(Entry entry) throws IOException {
        ZipEntry file = new ZipEntry(entry.name());
        CRC32 crc = new CRC32();
        crc.update(entry.content());
        file.setMethod(ZipEntry.STORED);
        file.setSize(entry.content().length);
        file.setCompressedSize(entry.content().length);
        file.setCrc(crc.getValue());
        zip.putNextEntry(file);
        zip.write(entry.content());
        zip.closeEntry();
        return drained();
    }

    private byte[] finish() throws IOException {
        zip.finish();
        return drained();
    }

    private byte[] drained() {
        byte[] bytes = pending.toByteArray();
        pending.reset();
        return bytes;
    }

    private void close() {
        try {
            zip.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

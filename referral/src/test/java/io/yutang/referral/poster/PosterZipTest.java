package io.yutang.referral.poster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;

class PosterZipTest {

    @Test
    void sendsEachEntryAsSoonAsItIsWrittenAndTheWholeUnzips() throws IOException {
        byte[] first = "first poster".getBytes();
        byte[] second = new byte[300_000];
        List<DataBuffer> chunks = PosterZip.of(Flux.just(new PosterZip.Entry("12-王销售.png", first),
                new PosterZip.Entry("13-李销售.png", second))).collectList().block();

        assertThat(chunks).as("one chunk per entry, then the central directory").hasSize(3);
        assertThat(chunks.get(0).readableByteCount()).isLessThan(200);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        for (DataBuffer chunk : chunks) {
            byte[] bytes = new byte[chunk.readableByteCount()];
            chunk.read(bytes);
            zip.write(bytes);
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.toByteArray()))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        assertThat(entries).containsOnlyKeys("12-王销售.png", "13-李销售.png");
        assertThat(entries.get("12-王销售.png")).isEqualTo(first);
        assertThat(entries.get("13-李销售.png")).isEqualTo(second);
    }
}

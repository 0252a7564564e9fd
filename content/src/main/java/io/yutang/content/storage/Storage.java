package io.yutang.content.storage;

import io.yutang.content.ContentProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Chooses the object store: S3-compatible when {@code yutang.content.s3.bucket} is set, else files
 * under {@code yutang.content.files-dir} (default {@code <data dir>/content}). Unfinished uploads
 * wait in {@link Uploads#incoming} on the same disk.
 */
@Configuration(proxyBeanMethods = false)
public class Storage {

    /** The bounded scheduler for the blocking file work of uploads and the file store. */
    @Bean(destroyMethod = "dispose")
    Scheduler contentFiles() {
        return Schedulers.newBoundedElastic(8, 10_000, "content-files");
    }

    @Bean
    Uploads uploads(ContentProperties properties, @Value("${yutang.data-dir:${java.io.tmpdir}/yutang}") Path dataDir,
            Scheduler contentFiles) {
        Path root = filesRoot(properties, dataDir);
        try {
            Files.createDirectories(root.resolve(".incoming"));
        } catch (IOException failed) {
            throw new UncheckedIOException("Cannot create the content files directory " + root, failed);
        }
        return new Uploads(root.resolve(".incoming"), contentFiles);
    }

    @Bean
    ObjectStore objectStore(ContentProperties properties, @Value("${yutang.data-dir:${java.io.tmpdir}/yutang}") Path dataDir,
            Scheduler contentFiles) {
        if (properties.s3().configured()) {
            S3ObjectStore store = new S3ObjectStore(properties.s3(), contentFiles);
            // At start-up, not on a request: an instance whose store is unusable does not become ready.
            store.ensureBucket().block(Duration.ofSeconds(30));
            return store;
        }
        return new FileObjectStore(filesRoot(properties, dataDir), contentFiles);
    }

    private static Path filesRoot(ContentProperties properties, Path dataDir) {
        return properties.filesDir() != null ? properties.filesDir() : dataDir.resolve("content");
    }
}

package io.yutang.content.storage;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.springframework.core.io.Resource;
import reactor.core.publisher.Mono;

/** Keeps asset files under a key. Every call is non-blocking (blocking file work runs on a bounded scheduler). */
public interface ObjectStore {

    /** Stores the file at {@code source} (a finished upload) under {@code key}; the source may be moved. */
    Mono<Void> put(String key, Path source, String contentType);

    /** The object as a resource the web layer can serve (with Range support), or empty when it is not local. */
    Mono<Resource> local(String key);

    /**
     * A pre-signed address a browser may fetch the object from directly for {@code lifetime}, or
     * empty when the store serves through yutang ({@link #local}).
     *
     * @param contentDisposition the {@code Content-Disposition} the store should answer with
     */
    Optional<URI> presigned(String key, Duration lifetime, String contentDisposition);

    /** The object's bytes, for small objects (covers). */
    Mono<byte[]> read(String key);
}

package io.yutang.content.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** Asset files on local disk under one directory (the embedded run, a single instance or a shared volume). */
class FileObjectStore implements ObjectStore {

    private final Path root;
    private final Scheduler files;

    FileObjectStore(Path root, Scheduler files) {
        this.root = root.toAbsolutePath().normalize();
        this.files = files;
    }

    @Override
    public Mono<Void> put(String key, Path source, String contentType) {
        return Mono.<Void>fromRunnable(() -> {
            Path target = path(key);
            try {
                Files.createDirectories(target.getParent());
                try {
                    Files.move(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException elsewhere) {
                    Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException failed) {
                throw new UncheckedIOException(failed);
            }
        }).subscribeOn(files);
    }

    @Override
    public Mono<Resource> local(String key) {
        return Mono.fromCallable(() -> {
            Path file = path(key);
            return Files.isRegularFile(file) ? (Resource) new FileSystemResource(file) : null;
        }).subscribeOn(files);
    }

    @Override
    public Optional<URI> presigned(String key, Duration lifetime, String contentDisposition) {
        return Optional.empty();
    }

    @Override
    public Mono<byte[]> read(String key) {
        return Mono.fromCallable(() -> {
            Path file = path(key);
            return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
        }).subscribeOn(files);
    }

    private Path path(String key) {
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("key outside the store");
        }
        return file;
    }
}

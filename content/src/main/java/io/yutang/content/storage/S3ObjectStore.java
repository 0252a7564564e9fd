package io.yutang.content.storage;

import io.yutang.content.ContentProperties;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Asset files in an S3-compatible object store, through the AWS SDK's asynchronous client (no
 * thread waits on the network). Downloads are pre-signed URLs of the store, which serves ranges itself.
 */
class S3ObjectStore implements ObjectStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(S3ObjectStore.class);

    private final S3AsyncClient client;
    private final S3Presigner presigner;
    private final String bucket;
    private final Scheduler files;

    S3ObjectStore(ContentProperties.S3 settings, Scheduler files) {
        AwsCredentialsProvider credentials = settings.accessKey() == null || settings.accessKey().isBlank()
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
        S3Configuration style = S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build();
        // Checksums only where S3 requires them: the SDK's default trailing CRC32 checksums are not
        // understood by many S3-compatible stores (S3Proxy, older OSS and COS gateways).
        var clientBuilder = S3AsyncClient.builder().region(Region.of(settings.region())).credentialsProvider(credentials)
                .serviceConfiguration(style)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        var presignerBuilder = S3Presigner.builder().region(Region.of(settings.region())).credentialsProvider(credentials)
                .serviceConfiguration(style);
        if (settings.endpoint() != null) {
            clientBuilder.endpointOverride(settings.endpoint());
            presignerBuilder.endpointOverride(settings.endpoint());
        }
        this.client = clientBuilder.build();
        this.presigner = presignerBuilder.build();
        this.bucket = settings.bucket();
        this.files = files;
    }

    /** Creates the bucket when the store has none of that name (a fresh MinIO); a refusal is only logged. */
    Mono<Void> ensureBucket() {
        return Mono.fromFuture(() -> client.headBucket(head -> head.bucket(bucket))).then()
                .onErrorResume(missing -> unwrap(missing) instanceof NoSuchBucketException
                        || unwrap(missing).getMessage() != null && unwrap(missing).getMessage().contains("404"),
                        missing -> Mono.fromFuture(() -> client.createBucket(create -> create.bucket(bucket))).then()
                                .doOnSuccess(made -> log.info("Created the object store's bucket {}", bucket)))
                .onErrorResume(refused -> {
                    log.warn("Could not check or create the object store's bucket {}: {}", bucket, unwrap(refused).toString());
                    return Mono.empty();
                });
    }

    @Override
    public Mono<Void> put(String key, Path source, String contentType) {
        return Mono.fromFuture(() -> client.putObject(put -> put.bucket(bucket).key(key).contentType(contentType),
                        AsyncRequestBody.fromFile(source)))
                .onErrorMap(CompletionException.class, Throwable::getCause)
                .then(Mono.<Void>fromRunnable(() -> delete(source)).subscribeOn(files));
    }

    @Override
    public Mono<Resource> local(String key) {
        return Mono.empty();
    }

    @Override
    public Optional<URI> presigned(String key, Duration lifetime, String contentDisposition) {
        return Optional.of(URI.create(presigner.presignGetObject(request -> request.signatureDuration(lifetime)
                .getObjectRequest(get -> get.bucket(bucket).key(key).responseContentDisposition(contentDisposition)))
                .url().toString()));
    }

    @Override
    public Mono<byte[]> read(String key) {
        return Mono.fromFuture(() -> client.getObject(get -> get.bucket(bucket).key(key), AsyncResponseTransformer.toBytes()))
                .map(bytes -> bytes.asByteArray())
                .onErrorResume(failure -> unwrap(failure) instanceof NoSuchKeyException, missing -> Mono.empty());
    }

    @Override
    public void close() {
        client.close();
        presigner.close();
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            log.warn("Could not delete the finished upload {}", file.getFileName());
        }
    }
}

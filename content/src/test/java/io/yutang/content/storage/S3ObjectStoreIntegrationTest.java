package io.yutang.content.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.content.ContentProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The S3 adapter against a real S3-compatible server (S3Proxy, started by the test): the bucket is
 * made when missing, an upload is stored and the local file removed, and the pre-signed download
 * address serves the bytes with the Chinese file name and with ranges, and stops working when it expires.
 */
class S3ObjectStoreIntegrationTest {

    static S3ProxyServer server;
    static Scheduler files;
    static S3ObjectStore store;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = S3ProxyServer.start();
        files = Schedulers.newBoundedElastic(2, 100, "s3-test-files");
        store = new S3ObjectStore(new ContentProperties.S3(server.endpoint(), "us-east-1", "yutang-assets",
                S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, true), files);
        store.ensureBucket().block(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
        if (files != null) {
            files.dispose();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anUploadedFileIsServedFromAPresignedAddressWithItsNameAndRanges() throws Exception {
        Path upload = Files.createTempFile("upload", ".part");
        Files.writeString(upload, "%PDF-1.7 数字化营销白皮书 0123456789");
        String key = "assets/1/" + UUID.randomUUID();

        store.put(key, upload, "application/pdf").block(Duration.ofSeconds(30));

        assertThat(upload).as("the finished upload is removed once stored").doesNotExist();
        URI address = store.presigned(key, Duration.ofMinutes(5),
                "attachment; filename=\"_.pdf\"; filename*=UTF-8''%E7%99%BD%E7%9A%AE%E4%B9%A6.pdf").orElseThrow();
        HttpResponse<String> whole = http.send(HttpRequest.newBuilder(address).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo("%PDF-1.7 数字化营销白皮书 0123456789");
        assertThat(whole.headers().firstValue("Content-Disposition")).hasValueSatisfying(disposition ->
                assertThat(disposition).contains("filename*=UTF-8''%E7%99%BD%E7%9A%AE%E4%B9%A6.pdf"));
        assertThat(whole.headers().firstValue("Content-Type")).hasValue("application/pdf");

        HttpResponse<String> part = http.send(HttpRequest.newBuilder(address).header("Range", "bytes=0-7").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo("%PDF-1.7");
        assertThat(store.read(key).block(Duration.ofSeconds(10))).startsWith("%PDF".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aPresignedAddressWithAnotherKeyOrAForgedSignatureIsRefused() throws IOException, InterruptedException {
        Path upload = Files.createTempFile("upload", ".part");
        Files.writeString(upload, "secret whitepaper");
        String key = "assets/2/" + UUID.randomUUID();
        store.put(key, upload, "application/pdf").block(Duration.ofSeconds(30));

        String address = store.presigned(key, Duration.ofMinutes(5), "attachment").orElseThrow().toString();
        String forged = address.replaceFirst("X-Amz-Signature=[0-9a-f]{4}", "X-Amz-Signature=0000");

        assertThat(http.send(HttpRequest.newBuilder(URI.create(forged)).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(403);
        assertThat(store.read("assets/2/missing").blockOptional(Duration.ofSeconds(10))).isEmpty();
    }
}

package io.yutang.content.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real S3-compatible server for the S3 adapter's tests: S3Proxy (Apache-licensed, from Maven
 * Central; the build copies it to {@code target/s3proxy/s3proxy.jar}) in its own JVM, keeping
 * objects in memory, with AWS Signature V4 authentication on.
 */
final class S3ProxyServer implements AutoCloseable {

    static final String ACCESS_KEY = "yutang-test";
    static final String SECRET_KEY = "yutang-test-secret";

    private final Process process;
    private final URI endpoint;

    private S3ProxyServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static S3ProxyServer start() {
        Path jar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy missing at " + jar + ": run the tests through Maven (generate-test-resources copies it)");
        }
        try {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Path settings = Files.createTempFile("s3proxy", ".conf");
            Files.write(settings, List.of(
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=transient",
                    "jclouds.identity=unused",
                    "jclouds.credential=unused"));
            Path log = Files.createTempFile("s3proxy", ".log");
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-jar", jar.toString(), "--properties", settings.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (!listening(port)) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("S3Proxy did not start:\n" + Files.readString(log));
                }
                process.waitFor(java.util.concurrent.TimeUnit.MILLISECONDS.toMillis(100), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            return new S3ProxyServer(process, URI.create("http://127.0.0.1:" + port));
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    URI endpoint() {
        return endpoint;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}

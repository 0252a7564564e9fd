package io.yutang.gateway.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * Debian's nginx in front of the suite's instances, with {@code docker/nginx.conf} itself: only
 * its upstream servers and its listen port are rewritten (and its files put in the suite's
 * directory), so the suite tries the configuration that is deployed.
 */
final class Nginx implements AutoCloseable {

    static final String BINARY = "/usr/sbin/nginx";
    private static final Pattern UPSTREAM_SERVER = Pattern.compile("(?m)^(\\s*)server\\s+app\\d+:\\d+(.*)$");

    private final Process process;
    private final int port;

    private Nginx(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static Nginx start(Path dir, List<Integer> upstreamPorts) throws IOException, InterruptedException {
        if (!new File(BINARY).canExecute()) {
            throw new IllegalStateException(BINARY + " is missing: the fault suite needs Debian's nginx"
                    + " (apt-get install nginx-light; .ci/run installs it)");
        }
        int port = BenchInstance.freePort();
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, derived(Files.readString(deployed()), port, upstreamPorts, dir));
        Path logs = dir.resolve("nginx-logs");
        Files.createDirectories(logs);
        Path temp = Files.createDirectories(dir.resolve("nginx-temp"));
        temp.toFile().setWritable(true, false);
        temp.toFile().setExecutable(true, false);
        Process process = new ProcessBuilder(BINARY, "-p", dir.toString(), "-c", conf.toString(), "-e", logs.resolve("error.log").toString(),
                "-g", "daemon off; pid " + dir.resolve("nginx.pid") + ";")
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        Nginx nginx = new Nginx(process, port);
        nginx.awaitListening();
        return nginx;
    }

    /** docker/nginx.conf, from the project root or the gateway module. */
    private static Path deployed() {
        for (String candidate : List.of("docker/nginx.conf", "../docker/nginx.conf")) {
            if (Files.exists(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("docker/nginx.conf not found from " + Path.of("").toAbsolutePath());
    }

    /** The deployed configuration with the given upstreams, listening on loopback at {@code port}, its files under {@code dir}. */
    static String derived(String deployed, int port, List<Integer> upstreamPorts, Path dir) {
        Matcher servers = UPSTREAM_SERVER.matcher(deployed);
        StringBuilder out = new StringBuilder();
        int index = 0;
        while (servers.find()) {
            if (index >= upstreamPorts.size()) {
                throw new IllegalStateException("docker/nginx.conf has more upstream servers than the suite starts");
            }
            servers.appendReplacement(out, Matcher.quoteReplacement(
                    servers.group(1) + "server 127.0.0.1:" + upstreamPorts.get(index++) + servers.group(2)));
        }
        servers.appendTail(out);
        if (index != upstreamPorts.size()) {
            throw new IllegalStateException("docker/nginx.conf names " + index + " upstream servers, the suite starts " + upstreamPorts.size());
        }
        String listen = "listen 80;";
        if (!out.toString().contains(listen)) {
            throw new IllegalStateException("docker/nginx.conf no longer says '" + listen + "'");
        }
        String temp = dir.resolve("nginx-temp").toString();
        return out.toString().replace(listen, "listen 127.0.0.1:" + port + ";")
                .replaceFirst("http \\{", Matcher.quoteReplacement("http {\n    access_log off;\n"
                        + "    client_body_temp_path " + temp + "/body;\n    proxy_temp_path " + temp + "/proxy;\n"
                        + "    fastcgi_temp_path " + temp + "/fastcgi;\n    uwsgi_temp_path " + temp + "/uwsgi;\n"
                        + "    scgi_temp_path " + temp + "/scgi;\n"));
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + "; see its error log");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Mono.delay(Duration.ofMillis(100)).block();
            }
        }
        throw new IllegalStateException("nginx not listening on " + port);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}

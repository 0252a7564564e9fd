package io.yutang.gateway;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * A real Redis Cluster of three masters (no replicas) on free ports of this machine, started once
 * per test JVM from Debian's {@code redis-server} and joined with {@code redis-cli --cluster create};
 * stopped, and its directory removed, when the test run ends. Test classes point the app at it
 * with {@link OnRedisCluster}, through {@code YUTANG_REDIS_URL}'s cluster form.
 */
public final class ThreeMasterRedisCluster implements BeforeAllCallback {

    /** The system property holding the {@code redis-cluster://} URL while the cluster runs. */
    public static final String URL_PROPERTY = "yutang.test.redis-cluster-url";
    private static final Duration START_WITHIN = Duration.ofSeconds(60);
    private static volatile Cluster running;

    @Override
    public void beforeAll(ExtensionContext context) {
        Cluster cluster = context.getRoot().getStore(ExtensionContext.Namespace.create(ThreeMasterRedisCluster.class))
                .computeIfAbsent(Cluster.class, type -> Cluster.start(), Cluster.class);
        running = cluster;
        System.setProperty(URL_PROPERTY, cluster.url());
    }

    /** The cluster this JVM's {@link OnRedisCluster} classes use. */
    public static Cluster running() {
        if (running == null) {
            throw new IllegalStateException("No Redis Cluster runs: annotate the test class with @OnRedisCluster");
        }
        return running;
    }

    /** The running cluster; closing it stops its three servers. */
    public static final class Cluster implements AutoCloseable {

        private final Path directory;
        private final List<Integer> ports;
        private final List<Process> servers;
        private final Thread stopAtExit;

        private Cluster(Path directory, List<Integer> ports, List<Process> servers) {
            this.directory = directory;
            this.ports = ports;
            this.servers = servers;
            this.stopAtExit = new Thread(this::stop, "stop-redis-cluster");
            Runtime.getRuntime().addShutdownHook(stopAtExit);
        }

        static Cluster start() {
            String server = executable("redis-server");
            String cli = executable("redis-cli");
            Path directory;
            try {
                directory = Files.createTempDirectory("yutang-redis-cluster-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<Integer> ports = freePorts(3);
            List<Process> servers = new ArrayList<>();
            Cluster cluster = new Cluster(directory, ports, servers);
            try {
                for (int port : ports) {
                    Path home = Files.createDirectories(directory.resolve(String.valueOf(port)));
                    servers.add(new ProcessBuilder(server, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                            "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000",
                            "--dir", home.toString(), "--save", "", "--appendonly", "no", "--daemonize", "no",
                            "--logfile", home.resolve("redis.log").toString())
                            .redirectErrorStream(true).redirectOutput(home.resolve("stdout.log").toFile()).start());
                }
                for (int port : ports) {
                    cluster.await("redis-server on port " + port + " answering PING",
                            () -> run(cli, "-p", String.valueOf(port), "ping").contains("PONG"));
                }
                List<String> create = new ArrayList<>(List.of(cli, "--cluster", "create"));
                ports.forEach(port -> create.add("127.0.0.1:" + port));
                create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
                String created = run(create.toArray(String[]::new));
                if (!created.contains("All 16384 slots covered")) {
                    throw new IllegalStateException("redis-cli --cluster create did not cover every slot:\n" + created);
                }
                for (int port : ports) {
                    cluster.await("cluster_state:ok on port " + port,
                            () -> run(cli, "-p", String.valueOf(port), "cluster", "info").contains("cluster_state:ok"));
                }
                return cluster;
            } catch (IOException | RuntimeException e) {
                cluster.close();
                throw new IllegalStateException("Could not start the three-master Redis Cluster in " + directory
                        + " (logs: " + directory + "/<port>/redis.log)", e);
            }
        }

        /** {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3} */
        public String url() {
            return "redis-cluster://" + ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
        }

        /** The ports of the three masters. */
        public List<Integer> ports() {
            return ports;
        }

        /** What {@code redis-cli -p <port> <arguments>} prints. */
        public String cli(int port, String... arguments) {
            List<String> command = new ArrayList<>(List.of(executable("redis-cli"), "-p", String.valueOf(port)));
            command.addAll(List.of(arguments));
            return run(command.toArray(String[]::new));
        }

        @Override
        public void close() {
            stop();
            try {
                Runtime.getRuntime().removeShutdownHook(stopAtExit);
            } catch (IllegalStateException exiting) {
                // The JVM is already shutting down: the hook runs (or ran) stop() itself.
            }
        }

        private synchronized void stop() {
            for (Process process : servers) {
                process.destroy();
            }
            for (Process process : servers) {
                try {
                    if (!process.waitFor(10, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            servers.clear();
            if (Files.exists(directory)) {
                try (Stream<Path> files = Files.walk(directory)) {
                    files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                } catch (IOException e) {
                    // Left behind in the temp directory; nothing else depends on it.
                }
            }
        }

        private void await(String what, java.util.function.BooleanSupplier condition) {
            Boolean reached = Flux.interval(Duration.ZERO, Duration.ofMillis(100))
                    .onBackpressureDrop()
                    .publishOn(Schedulers.boundedElastic(), 1)
                    .map(tick -> {
                        for (Process process : servers) {
                            if (!process.isAlive()) {
                                throw new IllegalStateException("a redis-server exited (code " + process.exitValue() + ")");
                            }
                        }
                        return condition.getAsBoolean();
                    })
                    .filter(Boolean::booleanValue)
                    .blockFirst(START_WITHIN);
            if (reached == null) {
                throw new IllegalStateException("Timed out waiting for " + what);
            }
        }
    }

    private static String executable(String name) {
        for (String directory : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(name + " is not on the PATH: the Redis Cluster tests need Debian's redis-server and"
                + " redis-tools (7 or later), which .ci/run installs (apt-get install redis-server redis-tools)");
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Timed out: " + String.join(" ", command));
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Ports free now whose cluster bus port (port + 10000) is free too. */
    private static List<Integer> freePorts(int count) {
        List<Integer> ports = new ArrayList<>();
        while (ports.size() < count) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (port + 10000 > 65535 || ports.contains(port)) {
                    continue;
                }
                try (ServerSocket bus = new ServerSocket(port + 10000, 1, InetAddress.getLoopbackAddress())) {
                    ports.add(port);
                } catch (IOException taken) {
                    // Its bus port is in use: try another.
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ports;
    }
}

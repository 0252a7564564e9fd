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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * with {@link OnRedisCluster}, through {@code YUTANG_REDIS_URL}'s cluster form. {@link
 * Cluster#start(int)} makes one with replicas, whose masters a test may kill
 * ({@link ReplicatedRedisCluster}).
 */
public final class ThreeMasterRedisCluster implements BeforeAllCallback {

    /** The system property holding the {@code redis-cluster://} URL while the cluster runs. */
    public static final String URL_PROPERTY = "yutang.test.redis-cluster-url";
    private static final Duration START_WITHIN = Duration.ofSeconds(60);
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(5);
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
        private final Map<Integer, Process> servers;
        private final java.util.Set<Integer> killed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final Thread stopAtExit;

        private Cluster(Path directory, List<Integer> ports, Map<Integer, Process> servers) {
            this.directory = directory;
            this.ports = ports;
            this.servers = servers;
            this.stopAtExit = new Thread(this::stop, "stop-redis-cluster");
            Runtime.getRuntime().addShutdownHook(stopAtExit);
        }

        static Cluster start() {
            return start(0);
        }

        /** Three masters, each with {@code replicasPerMaster} replicas. */
        static Cluster start(int replicasPerMaster) {
            String server = executable("redis-server");
            String cli = executable("redis-cli");
            Path directory;
            try {
                directory = Files.createTempDirectory("yutang-redis-cluster-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<Integer> ports = freePorts(3 * (1 + replicasPerMaster));
            Map<Integer, Process> servers = new LinkedHashMap<>();
            Cluster cluster = new Cluster(directory, ports, servers);
            try {
                for (int port : ports) {
                    Path home = Files.createDirectories(directory.resolve(String.valueOf(port)));
                    servers.put(port, new ProcessBuilder(server, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                            "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                            "--cluster-node-timeout", String.valueOf(NODE_TIMEOUT.toMillis()),
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
                create.addAll(List.of("--cluster-replicas", String.valueOf(replicasPerMaster), "--cluster-yes"));
                String created = run(create.toArray(String[]::new));
                if (!created.contains("All 16384 slots covered")) {
                    throw new IllegalStateException("redis-cli --cluster create did not cover every slot:\n" + created);
                }
                for (int port : ports) {
                    cluster.await("cluster_state:ok on port " + port,
                            () -> run(cli, "-p", String.valueOf(port), "cluster", "info").contains("cluster_state:ok"));
                }
                if (replicasPerMaster > 0) {
                    cluster.await("every replica attached to its master", () -> cluster.nodes().stream()
                            .filter(node -> !node.master()).count() == 3L * replicasPerMaster
                            && cluster.nodes().stream().filter(Node::master).allMatch(master -> cluster.replicaCaughtUp(master.port())));
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

        /** The ports of every node (of the three masters, when it has no replicas). */
        public List<Integer> ports() {
            return ports;
        }

        /** One node as {@code CLUSTER NODES} on a live node describes it. */
        public record Node(String id, int port, boolean master, String masterId, boolean failed, List<int[]> slots) {

            boolean holds(int slot) {
                return slots.stream().anyMatch(range -> range[0] <= slot && slot <= range[1]);
            }
        }

        /** The cluster as a live node sees it now. */
        public List<Node> nodes() {
            List<Node> nodes = new ArrayList<>();
            for (String line : cli(anyLivePort(), "cluster", "nodes").lines().filter(line -> !line.isBlank()).toList()) {
                String[] fields = line.trim().split(" ");
                int port = Integer.parseInt(fields[1].substring(fields[1].lastIndexOf(':') + 1).replaceFirst("@.*", ""));
                List<int[]> slots = new ArrayList<>();
                for (int i = 8; i < fields.length; i++) {
                    if (fields[i].startsWith("[")) {
                        continue; // a slot being migrated
                    }
                    String[] range = fields[i].split("-");
                    slots.add(new int[] {Integer.parseInt(range[0]), Integer.parseInt(range[range.length - 1])});
                }
                nodes.add(new Node(fields[0], port, fields[2].contains("master"), fields[3], fields[2].contains("fail"), slots));
            }
            return nodes;
        }

        /** The port of the master that serves this key now. */
        public int masterOf(String key) {
            int slot = Integer.parseInt(cli(anyLivePort(), "cluster", "keyslot", key).trim());
            return nodes().stream().filter(node -> node.master() && !node.failed() && node.holds(slot)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no live master serves slot " + slot)).port();
        }

        /** Whether every replica of this master has received everything the master has written. */
        public boolean replicaCaughtUp(int masterPort) {
            String replication = cli(masterPort, "info", "replication");
            long written = replication.lines().filter(line -> line.startsWith("master_repl_offset:"))
                    .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1).trim())).findFirst().orElse(-1);
            List<Long> received = replication.lines().filter(line -> line.matches("slave\\d+:.*"))
                    .map(line -> Long.parseLong(line.replaceFirst(".*offset=(\\d+).*", "$1"))).toList();
            return !received.isEmpty() && received.stream().allMatch(offset -> offset == written);
        }

        /** SIGKILLs the node on this port (a crashed host: no shutdown, nothing saved). */
        public void kill(int port) {
            Process process = servers.get(port);
            killed.add(port);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Waits until a replica has taken over the killed master's slots and the live nodes agree the cluster is whole. */
        public void awaitFailover(int killedPort, Duration within) {
            await("a replica promoted in place of the master on port " + killedPort, within, () -> {
                List<Node> nodes = nodes();
                return nodes.stream().anyMatch(node -> node.port() == killedPort && node.failed())
                        && nodes.stream().filter(node -> node.master() && !node.failed()).mapToLong(node -> node.slots().stream()
                                .mapToLong(range -> range[1] - range[0] + 1L).sum()).sum() == 16384
                        && servers.entrySet().stream().filter(entry -> entry.getValue().isAlive())
                                .allMatch(entry -> cli(entry.getKey(), "cluster", "info").contains("cluster_state:ok"));
            });
        }

        private int anyLivePort() {
            return servers.entrySet().stream().filter(entry -> entry.getValue().isAlive()).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no redis-server of the cluster is alive")).getKey();
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
            for (Process process : servers.values()) {
                process.destroy();
            }
            for (Process process : servers.values()) {
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
            await(what, START_WITHIN, condition);
        }

        private void await(String what, Duration within, java.util.function.BooleanSupplier condition) {
            Boolean reached = Flux.interval(Duration.ZERO, Duration.ofMillis(100))
                    .onBackpressureDrop()
                    .publishOn(Schedulers.boundedElastic(), 1)
                    .map(tick -> {
                        for (Map.Entry<Integer, Process> server : servers.entrySet()) {
                            if (!server.getValue().isAlive() && !killed.contains(server.getKey())) {
                                throw new IllegalStateException("a redis-server exited (code " + server.getValue().exitValue() + ")");
                            }
                        }
                        return condition.getAsBoolean();
                    })
                    .filter(Boolean::booleanValue)
                    .blockFirst(within);
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

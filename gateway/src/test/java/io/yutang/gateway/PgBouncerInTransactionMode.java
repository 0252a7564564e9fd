package io.yutang.gateway;

import io.yutang.referral.testing.TestStores;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Debian's PgBouncer in transaction mode in front of the test PostgreSQL, started once per test
 * JVM on a free port with a small server pool ({@value #SERVER_POOL} connections per database and
 * user), and stopped when the test run ends. {@link ThroughPgBouncer} points the app at it.
 */
public final class PgBouncerInTransactionMode implements BeforeAllCallback {

    /** The system property holding the {@code postgresql://} URL of the test database through PgBouncer. */
    public static final String URL_PROPERTY = "yutang.test.pgbouncer-url";
    /** The system property holding the test database's own URL (for Flyway). */
    public static final String DIRECT_URL_PROPERTY = "yutang.test.postgres-direct-url";
    /** Server connections PgBouncer opens per database and user, whatever the number of clients. */
    public static final int SERVER_POOL = 4;
    /** A second name for the test database whose pool has one server connection, shared by all its clients. */
    public static final String SOLO = "yutang_solo";
    private static volatile Bouncer running;

    @Override
    public void beforeAll(ExtensionContext context) {
        Bouncer bouncer = context.getRoot().getStore(ExtensionContext.Namespace.create(PgBouncerInTransactionMode.class))
                .computeIfAbsent(Bouncer.class, type -> Bouncer.start(), Bouncer.class);
        running = bouncer;
        System.setProperty(URL_PROPERTY, bouncer.url());
        System.setProperty(DIRECT_URL_PROPERTY, TestStores.database().url());
    }

    /** The PgBouncer this JVM's {@link ThroughPgBouncer} classes use. */
    public static Bouncer running() {
        if (running == null) {
            throw new IllegalStateException("No PgBouncer runs: annotate the test class with @ThroughPgBouncer");
        }
        return running;
    }

    /** The running PgBouncer; closing it stops it. */
    public static final class Bouncer implements AutoCloseable {

        private final Path directory;
        private final int port;
        private Process process;

        private Bouncer(Path directory, int port) {
            this.directory = directory;
            this.port = port;
        }

        static Bouncer start() {
            String pgbouncer = executable("pgbouncer");
            TestStores.Database database = TestStores.database();
            try {
                Path directory = Files.createTempDirectory("yutang-pgbouncer-");
                Bouncer bouncer = new Bouncer(directory, freePort());
                Files.writeString(directory.resolve("users.txt"), "\"" + database.username() + "\" \"" + database.password() + "\"\n");
                Files.writeString(directory.resolve("pgbouncer.ini"), """
                        [databases]
                        * = host=%s port=%d
                        %s = host=%s port=%d dbname=%s pool_size=1
                        [pgbouncer]
                        listen_addr = 127.0.0.1
                        listen_port = %d
                        unix_socket_dir =
                        auth_type = trust
                        auth_file = %s
                        admin_users = %s
                        pool_mode = transaction
                        default_pool_size = %d
                        max_client_conn = 500
                        ignore_startup_parameters = extra_float_digits
                        logfile = %s
                        pidfile = %s
                        """.formatted(database.host(), database.port(), SOLO, database.host(), database.port(), database.name(),
                        bouncer.port, directory.resolve("users.txt"),
                        database.username(), SERVER_POOL, directory.resolve("pgbouncer.log"), directory.resolve("pgbouncer.pid")));
                List<String> command = new ArrayList<>(List.of(pgbouncer));
                if ("root".equals(System.getProperty("user.name"))) {
                    // PgBouncer refuses to run as root: it drops to nobody, who must reach its files.
                    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
                    command.addAll(List.of("-u", "nobody"));
                }
                command.add(directory.resolve("pgbouncer.ini").toString());
                bouncer.process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(directory.resolve("stdout.log").toFile()).start();
                bouncer.awaitListening();
                Runtime.getRuntime().addShutdownHook(new Thread(bouncer::stop, "stop-pgbouncer"));
                return bouncer;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start PgBouncer", e);
            }
        }

        /** {@code postgresql://127.0.0.1:<port>/<the test database>}, the form {@code YUTANG_DATABASE_URL} takes. */
        public String url() {
            return "postgresql://127.0.0.1:" + port + "/" + TestStores.database().name();
        }

        /**
         * A row of PgBouncer's {@code SHOW <what>} per entry, column to value, from its admin console
         * (through psql: the console speaks the simple protocol only and refuses JDBC's set-up statements).
         */
        public List<Map<String, String>> show(String what) {
            String csv = run(executable("psql"), "-X", "-q", "--csv", "-h", "127.0.0.1", "-p", String.valueOf(port),
                    "-U", TestStores.database().username(), "-d", "pgbouncer", "-c", "SHOW " + what);
            List<String> lines = csv.lines().filter(line -> !line.isBlank()).toList();
            if (lines.isEmpty() || !lines.get(0).contains(",")) {
                throw new IllegalStateException("PgBouncer's admin console did not answer SHOW " + what + ": " + csv);
            }
            List<String> columns = List.of(lines.get(0).split(",", -1));
            List<Map<String, String>> result = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] values = line.split(",", -1);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < columns.size() && i < values.length; i++) {
                    row.put(columns.get(i), values[i]);
                }
                result.add(row);
            }
            return result;
        }

        /** The port PgBouncer listens on. */
        public int port() {
            return port;
        }

        @Override
        public void close() {
            stop();
        }

        private synchronized void stop() {
            if (process != null) {
                process.destroy();
                try {
                    if (!process.waitFor(10, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                process = null;
            }
            if (Files.exists(directory)) {
                try (Stream<Path> files = Files.walk(directory)) {
                    files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                } catch (IOException e) {
                    // Left behind in the temp directory; nothing else depends on it.
                }
            }
        }

        private void awaitListening() {
            Boolean up = Flux.interval(Duration.ZERO, Duration.ofMillis(100))
                    .onBackpressureDrop()
                    .publishOn(Schedulers.boundedElastic(), 1)
                    .map(tick -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("pgbouncer exited (code " + process.exitValue() + "): "
                                    + read(directory.resolve("stdout.log")));
                        }
                        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                            return true;
                        } catch (IOException notYet) {
                            return false;
                        }
                    })
                    .filter(Boolean::booleanValue)
                    .blockFirst(Duration.ofSeconds(30));
            if (up == null) {
                throw new IllegalStateException("PgBouncer did not listen on " + port + " within 30 s");
            }
        }
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
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

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private static String executable(String name) {
        for (String directory : (System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin")
                .split(File.pathSeparator)) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(name + " is not installed: the PgBouncer tests need Debian's pgbouncer and"
                + " postgresql-client (psql reads PgBouncer's admin console), which .ci/run installs"
                + " (apt-get install pgbouncer postgresql-client)");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

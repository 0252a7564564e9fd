package io.yutang.gateway.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * CPU time spent by the processes of a benchmark run, from Linux's {@code /proc/<pid>/stat} (user +
 * system ticks, all threads), grouped by role: the app under test and its peer by pid, the rest by
 * command name (PostgreSQL's backends, Redis, wrk, the harness's own JVM with the WeChat stub). It
 * says where a run's cycles went on a machine whose cores are all shared.
 */
final class CpuTime {

    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<Long, String> rolesByPid;
    private final Map<Long, Long> ticksAtStart;

    private CpuTime(Map<Long, String> rolesByPid) {
        this.rolesByPid = rolesByPid;
        this.ticksAtStart = ticks();
    }

    /** Starts counting; {@code rolesByPid} names the processes known by pid (the app, the peer, this JVM). */
    static CpuTime start(Map<Long, String> rolesByPid) {
        return new CpuTime(rolesByPid);
    }

    /** CPU seconds per role since {@link #start}, largest first, as {@code "yutang 21.3 s, postgres 9.8 s, …"}. */
    String since() {
        Map<String, Double> seconds = new HashMap<>();
        ticks().forEach((pid, now) -> {
            long spent = now - ticksAtStart.getOrDefault(pid, 0L);
            if (spent > 0) {
                seconds.merge(role(pid), spent / TICKS_PER_SECOND, Double::sum);
            }
        });
        StringJoiner joined = new StringJoiner(", ");
        seconds.entrySet().stream().filter(e -> e.getValue() >= 0.1)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> joined.add("%s %.1f s".formatted(e.getKey(), e.getValue())));
        return joined.toString();
    }

    private String role(long pid) {
        String known = rolesByPid.get(pid);
        if (known != null) {
            return known;
        }
        String command = command(pid);
        return switch (command) {
            case "postgres", "redis-server", "wrk" -> command;
            default -> "other";
        };
    }

    private static Map<Long, Long> ticks() {
        Map<Long, Long> ticks = new LinkedHashMap<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    // Fields after the command (which may hold spaces, inside parentheses): utime and stime are the 12th and 13th.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(Long.parseLong(process.getFileName().toString()), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                } catch (IOException | RuntimeException gone) {
                    // The process ended meanwhile.
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        return ticks;
    }

    private static String command(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).trim();
        } catch (IOException gone) {
            return "";
        }
    }
}

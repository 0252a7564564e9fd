package io.yutang.gateway.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** wrk as the HTTP benchmarks run it: one thread, {@code connections} connections, latency percentiles, 5 s timeout. */
final class Wrk {

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern ERRORS = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    /**
     * A wrk script replaying pre-signed callbacks in order, one a line ({@code query<TAB>body}) of the
     * file given as its first argument, as POSTs to the path given second; with a third argument
     * {@code warm} it starts 60,000 lines from the end (a warm-up leaves the rest fresh).
     */
    static final String REPLAY = """
            local requests = {}
            local next = 1
            local path = "/wechat/callback"
            init = function(args)
              for line in io.lines(args[1]) do requests[#requests + 1] = line end
              path = args[2]
              if args[3] == "warm" then next = math.max(1, #requests - 60000) end
            end
            request = function()
              local line = requests[next]
              next = next + 1
              if next > #requests then next = 1 end
              local tab = line:find("\\t", 1, true)
              return wrk.format("POST", path .. "?" .. line:sub(1, tab - 1),
                {["Content-Type"] = "text/xml"}, line:sub(tab + 1))
            end
            """;

    private Wrk() {
    }

    /** Runs wrk for {@code seconds} against {@code target} (a URL, or {@code -s script url -- args}). */
    static Result run(int connections, int seconds, List<String> target) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s",
                "--latency", "--timeout", "5s"));
        command.addAll(target);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        return Result.parse(output);
    }

    /** What one run gave; {@code socketErrors} is "0" or wrk's connect/read/write/timeout counts. */
    record Result(double rate, String p50, String p99, long requests, long non2xx, String socketErrors) {

        static Result parse(String wrk) {
            Matcher errors = ERRORS.matcher(wrk);
            return new Result(Double.parseDouble(find(RATE, wrk, "0")), latency(wrk, "50%"), latency(wrk, "99%"),
                    Long.parseLong(find(REQUESTS, wrk, "0")), Long.parseLong(find(NON_2XX, wrk, "0")),
                    errors.find() ? "c%s r%s w%s t%s".formatted(errors.group(1), errors.group(2), errors.group(3), errors.group(4))
                            : "0");
        }

        /** A Markdown table row: the given leading cells, then requests/s, p50, p99, requests and non-2xx. */
        String row(String... leading) {
            return "| " + String.join(" | ", leading) + " | %,.0f | %s | %s | %,d | %d |".formatted(rate, p50, p99, requests, non2xx);
        }

        private static String latency(String wrk, String percentile) {
            Matcher matcher = Pattern.compile("\\s" + percentile + "\\s+(\\S+)").matcher(wrk);
            return matcher.find() ? matcher.group(1) : "?";
        }

        private static String find(Pattern pattern, String text, String fallback) {
            Matcher matcher = pattern.matcher(text);
            return matcher.find() ? matcher.group(1) : fallback;
        }
    }
}

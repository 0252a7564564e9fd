package io.yutang.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.StaffClients;
import io.yutang.gateway.YutangIntegrationTest;
import io.yutang.gateway.signin.H5Visitor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * Every route the application serves, called by every kind of caller, against the answers written
 * next to the route in {@code access-matrix.txt}: {@code 401}, {@code 403} or {@code 302} (sent to a
 * sign-in) where the caller is refused, {@code ok} where they get past the access rules (whatever
 * the endpoint then says about ids that do not exist). A route missing from the file fails the
 * build, with its observed line to review and add; so does a line whose route is gone.
 */
@YutangIntegrationTest
class AccessMatrixIntegrationTest {

    static final List<String> CALLERS = List.of("anonymous", "viewer", "marketer", "admin", "integration");
    static final String NO_SUCH_ID = "999999999";
    static final Pattern VARIABLE = Pattern.compile("\\{\\*?[^}]+}");
    static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");

    @Autowired
    WebTestClient web;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyRouteAnswersEveryCallerAsTheMatrixSays() throws IOException {
        Map<String, List<String>> expected = matrix();
        Set<String> routes = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            info.getPatternsCondition().getPatterns().forEach(pattern -> (methods.isEmpty() ? Set.of(RequestMethod.GET) : methods)
                    .forEach(method -> routes.add(method.name() + " " + pattern.getPatternString())));
        });
        Callers callers = callers();

        Map<String, String> wrong = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        for (String route : routes) {
            List<String> observed = new ArrayList<>();
            for (String caller : CALLERS) {
                observed.add(answer(route, caller, callers));
            }
            List<String> wanted = expected.get(route);
            if (wanted == null) {
                missing.add(line(route, observed));
            } else if (!wanted.equals(observed)) {
                wrong.put(route, "expected " + String.join(" ", wanted) + ", got " + String.join(" ", observed));
            }
        }
        Set<String> gone = new TreeSet<>(expected.keySet());
        gone.removeAll(routes);

        assertThat(missing).as("routes without a line in access-matrix.txt (observed answers, review before adding):\n"
                + String.join("\n", missing)).isEmpty();
        assertThat(gone).as("lines of access-matrix.txt whose route is gone").isEmpty();
        assertThat(wrong).as("routes answering otherwise than the matrix says").isEmpty();
        assertThat(routes).as("the matrix covers the whole API").hasSizeGreaterThan(100);
    }

    /** What the callers carry: a signed-in WeChat user's session and its CSRF token, staff credentials, a token with every scope. */
    record Callers(String viewerSession, String viewerCsrf, WebTestClient marketer, String integrationToken) {
    }

    private Callers callers() {
        String openid = "o-matrix-" + UUID.randomUUID().toString().substring(0, 12);
        String session = H5Visitor.signIn(web, openid);
        long event = ((Number) StaffClients.admin(web).post().uri("/api/events").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "访问矩阵", "startsAt", Instant.now().plus(Duration.ofDays(1)).toString(),
                        "endsAt", Instant.now().plus(Duration.ofDays(1)).plus(Duration.ofHours(1)).toString(), "status", "OPEN"))
                .exchange().expectStatus().isCreated().expectBody(new ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody().get("id")).longValue();
        var room = web.get().uri("/live/{id}/room", event).cookie("YUTANG_SESSION", session).accept(MediaType.TEXT_HTML)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult();
        String renewed = room.getResponseCookies().getFirst("YUTANG_SESSION") == null ? session
                : room.getResponseCookies().getFirst("YUTANG_SESSION").getValue();
        Matcher token = CSRF.matcher(room.getResponseBody());
        assertThat(token.find()).isTrue();
        String integration = (String) StaffClients.admin(web).post().uri("/api/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "matrix", "scopes", List.of("contacts:read", "leads:read", "leads:write", "personal-data:read")))
                .exchange().expectStatus().isCreated().expectBody(new ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody().get("secret");
        return new Callers(renewed, token.group(1), StaffClients.newMarketer(web), integration);
    }

    private String answer(String route, String caller, Callers callers) {
        String[] parts = route.split(" ", 2);
        HttpMethod method = HttpMethod.valueOf(parts[0]);
        String path = VARIABLE.matcher(parts[1]).replaceAll(NO_SUCH_ID);
        WebTestClient client = switch (caller) {
            case "admin" -> StaffClients.admin(web);
            case "marketer" -> callers.marketer();
            default -> web;
        };
        WebTestClient.RequestBodySpec request = client.mutate().responseTimeout(Duration.ofSeconds(30)).build()
                .method(method).uri(path).accept(MediaType.ALL);
        if (caller.equals("viewer")) {
            request = request.cookie("YUTANG_SESSION", callers.viewerSession());
            if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
                request = request.header("X-CSRF-TOKEN", callers.viewerCsrf());
            }
        }
        if (caller.equals("integration")) {
            request = request.header("Authorization", "Bearer " + callers.integrationToken());
        }
        WebTestClient.RequestHeadersSpec<?> ready = method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH
                ? request.contentType(MediaType.APPLICATION_JSON).bodyValue("{}") : request;
        int status = ready.exchange().returnResult(byte[].class).getStatus().value();
        return status == 401 || status == 403 || status == 302 ? String.valueOf(status) : "ok";
    }

    private static String line(String route, List<String> observed) {
        return String.format("%-70s %s", route, String.join(" ", observed));
    }

    /** The matrix: a route, then one answer per caller in the order of {@link #CALLERS}; {@code #} starts a comment. */
    private static Map<String, List<String>> matrix() throws IOException {
        Map<String, List<String>> matrix = new LinkedHashMap<>();
        String text = new ClassPathResource("access-matrix.txt").getContentAsString(StandardCharsets.UTF_8);
        for (String raw : text.split("\n")) {
            String line = raw.replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\s+");
            assertThat(fields).as(line).hasSize(2 + CALLERS.size());
            matrix.put(fields[0] + " " + fields[1], List.of(fields).subList(2, fields.length));
        }
        return matrix;
    }
}

package io.yutang.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.StaffClients;
import io.yutang.gateway.YutangIntegrationTest;
import io.yutang.gateway.signin.H5Visitor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * Rep B, signed in and bound as a sharer of their own, calls every {@code /my/**} route and every
 * poster, share-link, binding and sharer path with rep A's ids, as {@code idor-matrix.txt} lists
 * them: each is refused or answers about B alone, and nothing of A's changes. A route of these
 * kinds without a line in the file fails the build, as in {@link AccessMatrixIntegrationTest}.
 */
@YutangIntegrationTest
class IdorIntegrationTest {

    static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() { };
    static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");
    static final Pattern VARIABLE = Pattern.compile("\\{[^}]+}");

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    final String run = UUID.randomUUID().toString().substring(0, 8);
    final Map<String, String> ids = new LinkedHashMap<>();

    /** A rep: their sharer, contact, session and CSRF token. */
    record Rep(long sharer, long contact, String openid, String session, String csrf) {
    }

    record Line(String route, HttpMethod method, String path, String body, String expected) {
    }

    @Test
    void repBWithRepAsIdsIsRefusedOrAnsweredAboutThemselvesAndAIsUntouched() throws IOException {
        web = web.mutate().responseTimeout(Duration.ofSeconds(60)).build();
        List<Line> lines = lines();
        Set<String> covered = new TreeSet<>();
        lines.forEach(line -> covered.add(line.route()));
        Set<String> routes = routes();
        assertThat(new TreeSet<>(routes) {{ removeAll(covered); }})
                .as("/my/**, poster, share-link, binding and sharer routes without a line in idor-matrix.txt").isEmpty();
        assertThat(new TreeSet<>(covered) {{ removeAll(routes); }}).as("lines of idor-matrix.txt whose route is gone").isEmpty();

        WebTestClient admin = StaffClients.admin(web);
        Instant start = Instant.now().plus(Duration.ofDays(2));
        long campaign = id(admin.post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "越权 " + run, "targetKind", "FOLLOW", "startsAt", Instant.now().toString())));
        long event = id(admin.post().uri("/api/events").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "越权直播 " + run, "startsAt", Instant.now().minus(Duration.ofMinutes(5)).toString(),
                        "endsAt", start.toString(), "status", "OPEN", "consentText", "我们将按隐私政策使用你的信息发送直播提醒。")));
        long asset = publishedAsset(admin);
        String department = "甲部门" + run;
        String nameA = "甲代表" + run;
        Rep a = rep(admin, nameA, department);
        Rep b = rep(admin, "乙代表" + run, "乙部门" + run);

        // A's own things: a share link, a registration, a viewing session, a lead, a consent decision.
        String tokenA = (String) get(a, "/my/campaigns/" + campaign + "/share-link").get("token");
        String sessionA = "idorA" + run + "x";
        call(a, HttpMethod.PUT, "/my/events/" + event + "/registration",
                "{\"answers\":{\"name\":\"" + nameA + "\",\"company\":\"甲公司" + run + "\",\"phone\":\"13900000001\"},\"consent\":true}", 200);
        call(a, HttpMethod.POST, "/my/events/" + event + "/viewings", "{\"sessionKey\":\"" + sessionA + "\"}", 201);
        call(a, HttpMethod.PUT, "/my/assets/" + asset + "/lead",
                "{\"answers\":{\"name\":\"" + nameA + "\",\"company\":\"甲公司" + run + "\",\"phone\":\"13900000001\"},\"delivery\":true}", 200);
        ids.putAll(Map.of("campaign", String.valueOf(campaign), "event", String.valueOf(event), "asset", String.valueOf(asset),
                "sharerA", String.valueOf(a.sharer()), "contactA", String.valueOf(a.contact()), "tokenA", tokenA,
                "sessionA", sessionA, "bindA", bindTokens.get(a.sharer()),
                "department", java.net.URLEncoder.encode(department, StandardCharsets.UTF_8)));
        List<String> secretsOfA = List.of(nameA, a.openid(), tokenA, "甲公司" + run, "13900000001");
        String before = snapshot(a);

        List<String> failures = new ArrayList<>();
        for (Line line : lines) {
            String path = fill(line.path());
            String body = line.body() == null ? null : fill(line.body());
            EntityExchangeResult<byte[]> answer = send(b, line.method(), path, body);
            int status = answer.getStatus().value();
            String text = readable(answer);
            String where = line.method() + " " + path;
            if (status >= 500) {
                failures.add(where + ": " + status);
            } else if (line.expected().equals("own")) {
                secretsOfA.stream().filter(text::contains).findFirst()
                        .ifPresent(secret -> failures.add(where + ": B's answer carries A's " + secret));
                if (line.method() == HttpMethod.GET && status == 200 && answer.getResponseBody().length > 0) {
                    byte[] ofA = send(a, line.method(), path, null).getResponseBody();
                    if (Arrays.equals(ofA, answer.getResponseBody()) && !text.isBlank() && textOf(ofA).contains(nameA)) {
                        failures.add(where + ": B gets A's own answer");
                    }
                }
            } else {
                int wanted = Integer.parseInt(line.expected());
                MediaType type = answer.getResponseHeaders().getContentType();
                if (status != wanted) {
                    failures.add(where + ": expected " + wanted + ", got " + status + " " + abbreviate(text));
                } else if (type == null || !type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)) {
                    failures.add(where + ": a " + status + " without a problem+json body");
                }
            }
        }
        System.out.printf("IDOR matrix: %d requests of rep B with rep A's ids over %d routes, %d failed%n",
                lines.size(), covered.size(), failures.size());
        assertThat(failures).as("rep B with rep A's ids").isEmpty();
        assertThat(snapshot(a)).as("A's rows after B's requests").isEqualTo(before);
    }

    /** Every route of the kinds the matrix is about: /my/**, /s/, /bind/, and poster, share-link, binding and sharer paths with an id. */
    private Set<String> routes() {
        Set<String> routes = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            info.getPatternsCondition().getPatterns().forEach(pattern -> {
                String p = pattern.getPatternString();
                boolean about = p.equals("/my") || p.startsWith("/my/") || p.startsWith("/s/") || p.startsWith("/bind/")
                        || (p.contains("{") && !p.startsWith("/console") && (p.contains("poster") || p.contains("share-link")
                                || p.contains("binding") || p.contains("/sharers/{")));
                if (about) {
                    (methods.isEmpty() ? Set.of(RequestMethod.GET) : methods).forEach(m -> routes.add(m.name() + " " + p));
                }
            });
        });
        return routes;
    }

    private static List<Line> lines() throws IOException {
        List<Line> lines = new ArrayList<>();
        for (String raw : new ClassPathResource("idor-matrix.txt").getContentAsString(StandardCharsets.UTF_8).split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(" \\| ");
            assertThat(f).as(line).hasSize(3);
            String[] request = f[1].strip().split(" ", 3);
            lines.add(new Line(f[0].strip(), HttpMethod.valueOf(request[0]), request[1], request.length > 2 ? request[2] : null,
                    f[2].strip()));
        }
        return lines;
    }

    private final Map<Long, String> bindTokens = new HashMap<>();

    /** Imports an employee and binds them to a new WeChat user through their binding link. */
    private Rep rep(WebTestClient admin, String name, String department) {
        String external = "IDOR-" + UUID.randomUUID().toString().substring(0, 8);
        admin.post().uri("/api/sharers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(Map.of("kind", "EMPLOYEE", "externalId", external, "name", name, "department", department)))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.errors.length()").isEqualTo(0);
        long sharer = database.sql("select id from referral.sharer where external_id = :e").bind("e", external)
                .map(row -> row.get("id", Long.class)).one().block(Duration.ofSeconds(10));
        String bindPath = URI.create((String) admin.post().uri("/api/sharers/" + sharer + "/binding-links").exchange()
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("url")).getPath();
        bindTokens.put(sharer, bindPath.substring(bindPath.lastIndexOf('/') + 1));
        String openid = "o-idor-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        String session = H5Visitor.signIn(web, openid);
        var bound = web.get().uri(bindPath).cookie("YUTANG_SESSION", session).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult();
        String renewed = bound.getResponseCookies().getFirst("YUTANG_SESSION") == null ? session
                : bound.getResponseCookies().getFirst("YUTANG_SESSION").getValue();
        var page = web.get().uri("/my/privacy").cookie("YUTANG_SESSION", renewed).accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult();
        String current = page.getResponseCookies().getFirst("YUTANG_SESSION") == null ? renewed
                : page.getResponseCookies().getFirst("YUTANG_SESSION").getValue();
        Matcher csrf = CSRF.matcher(page.getResponseBody());
        assertThat(csrf.find()).isTrue();
        long contact = database.sql("select contact_id from referral.sharer where id = :id").bind("id", sharer)
                .map(row -> row.get("contact_id", Long.class)).one().block(Duration.ofSeconds(10));
        return new Rep(sharer, contact, openid, current, csrf.group(1));
    }

    private long publishedAsset(WebTestClient admin) {
        Map<String, Object> draft = new HashMap<>(Map.of("title", "越权白皮书 " + run, "deliveryConsent", "同意就本资料与我联系",
                "marketingConsent", "同意接收营销信息"));
        long asset = id(admin.post().uri("/api/assets").contentType(MediaType.APPLICATION_JSON).bodyValue(draft));
        admin.post().uri(builder -> builder.path("/api/assets/{a}/versions").queryParam("fileName", "wp.pdf").build(asset))
                .contentType(MediaType.APPLICATION_PDF).bodyValue("%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isCreated();
        draft.put("status", "PUBLISHED");
        admin.put().uri("/api/assets/{a}", asset).contentType(MediaType.APPLICATION_JSON).bodyValue(draft).exchange().expectStatus().isOk();
        return asset;
    }

    /** Every row of A's that B could touch, as text. */
    private String snapshot(Rep a) {
        StringBuilder rows = new StringBuilder();
        for (String query : List.of(
                "select t::text as r from referral.sharer t where id = " + a.sharer(),
                "select t::text as r from referral.contact t where id = " + a.contact(),
                "select t::text as r from referral.share_link t where sharer_id = " + a.sharer() + " order by id",
                "select t::text as r from livestream.registration t where contact_id = " + a.contact() + " order by id",
                "select t::text as r from livestream.viewing t where contact_id = " + a.contact() + " order by id",
                "select t::text as r from content.lead t where contact_id = " + a.contact() + " order by id",
                "select t::text as r from referral.consent t where contact_id = " + a.contact() + " order by id")) {
            database.sql(query).map(row -> row.get("r", String.class)).all().collectList().block(Duration.ofSeconds(10))
                    .forEach(row -> rows.append(row).append('\n'));
        }
        return rows.toString();
    }

    private Map<String, Object> get(Rep rep, String path) {
        return web.get().uri(path).cookie("YUTANG_SESSION", rep.session()).exchange().expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody();
    }

    private void call(Rep rep, HttpMethod method, String path, String body, int status) {
        assertThat(send(rep, method, path, body).getStatus().value()).as(method + " " + path).isEqualTo(status);
    }

    private EntityExchangeResult<byte[]> send(Rep rep, HttpMethod method, String path, String body) {
        WebTestClient.RequestBodySpec request = web.method(method).uri(URI.create("http://localhost:" + port + path)).cookie("YUTANG_SESSION", rep.session())
                .accept(MediaType.ALL);
        if (method != HttpMethod.GET) {
            request = request.header("X-CSRF-TOKEN", rep.csrf());
        }
        WebTestClient.RequestHeadersSpec<?> ready = body == null ? request
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body.getBytes(StandardCharsets.UTF_8));
        return ready.exchange().expectBody(byte[].class).returnResult();
    }

    /** The answer as text; a zip's entries unpacked. */
    private static String readable(EntityExchangeResult<byte[]> answer) {
        MediaType type = answer.getResponseHeaders().getContentType();
        byte[] bytes = answer.getResponseBody() == null ? new byte[0] : answer.getResponseBody();
        if (type != null && type.toString().contains("zip")) {
            StringBuilder text = new StringBuilder();
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
                for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    text.append(entry.getName()).append('\n').append(new String(zip.readAllBytes(), StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return text.toString();
        }
        return textOf(bytes);
    }

    private static String textOf(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    private String fill(String text) {
        String filled = text;
        for (Map.Entry<String, String> id : ids.entrySet()) {
            filled = filled.replace("{" + id.getKey() + "}", id.getValue());
        }
        assertThat(VARIABLE.matcher(filled.replaceAll("\\{\"[^}]*}", "")).find()).as("placeholders left in " + filled).isFalse();
        return filled;
    }

    private static long id(WebTestClient.RequestHeadersSpec<?> request) {
        return ((Number) request.exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id"))
                .longValue();
    }

    private static String abbreviate(String text) {
        String one = text.replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }
}

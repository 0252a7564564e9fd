package io.yutang.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.StaffClients;
import io.yutang.gateway.TestAccount;
import io.yutang.gateway.YutangIntegrationTest;
import io.yutang.gateway.signin.H5Visitor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Every public input tried with hostile values, one case a line in {@code hostile-inputs.txt}: each
 * is refused with a problem+json 4xx (never a 5xx), nothing of it is stored (the case's marker is in
 * no row of the table named next to it), or, for text that is allowed, it comes back inert (escaped
 * in pages, defused in CSV exports). The file's header explains the columns.
 */
@YutangIntegrationTest
class HostileInputsIntegrationTest {

    static final int AT_LEAST = 150;
    static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() { };
    static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");
    static final Pattern GENERATOR = Pattern.compile("\\{(repeat|deep|deepobj|bytes):([^}]*)}");
    static final SecureRandom RANDOM = new SecureRandom();
    static final String BOUNDARY = "hostile-boundary";
    static final String STATE_COOKIE = "YUTANG_SIGNIN_STATE";

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    final String run = UUID.randomUUID().toString().substring(0, 8);
    final Map<String, String> fixtures = new LinkedHashMap<>();
    String session;
    String csrf;

    record Case(int line, String expect, String table, String caller, HttpMethod method, String path, String type,
            String body, String header) {

        @Override
        public String toString() {
            return "line " + line + ": " + caller + " " + method + " " + path;
        }
    }

    @Test
    void everyHostileInputIsRefusedCleanlyOrRenderedInert() throws IOException {
        List<Case> cases = cases();
        // The machine is shared and busy: a slow page is not what this suite is about.
        web = web.mutate().responseTimeout(Duration.ofSeconds(60)).build();
        fixtures();
        List<String> failures = new ArrayList<>();
        int index = 0;
        for (Case c : cases) {
            String marker = "hx" + run + "m" + (index++);
            try {
                String failure = check(c, marker);
                if (failure != null) {
                    failures.add(c + " -> " + failure);
                }
            } catch (RuntimeException | AssertionError e) {
                failures.add(c + " -> " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            }
        }
        System.out.printf("hostile inputs: %d cases, %d held, %d failed%n", cases.size(), cases.size() - failures.size(),
                failures.size());
        assertThat(cases).as("hostile-inputs.txt has at least " + AT_LEAST + " cases").hasSizeGreaterThanOrEqualTo(AT_LEAST);
        assertThat(failures).as("hostile inputs answered otherwise than the table says").isEmpty();
    }

    private String check(Case c, String marker) {
        String path = fill(c.path(), marker);
        Answer answer = switch (c.caller()) {
            case "oauth-return" -> oauthReturn(path);
            case "oauth-state-replay" -> oauthStateReplay();
            default -> c.caller().startsWith("wechat") ? callback(c, marker) : call(c, path, marker);
        };
        if (answer.status() >= 500) {
            return "a " + answer.status() + ": " + abbreviate(answer.body());
        }
        String failure = expected(c, answer, marker);
        if (failure == null && !c.table().equals("-")) {
            String[] table = fill(c.table(), marker).split("\\?", 2);
            long rows = database.sql("select count(*) as n from " + table[0] + " t where "
                            + (table.length > 1 ? table[1] : "t::text like '%" + marker + "%'"))
                    .map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(10));
            if (rows != 0 && !c.expect().startsWith("inert") && !c.expect().startsWith("csv")) {
                return rows + " row(s) of " + c.table() + " carry the refused request's marker";
            }
        }
        return failure;
    }

    /** The answer against the case's expectation: a status (a problem body for a 4xx), or inert rendering. */
    private String expected(Case c, Answer answer, String marker) {
        String expect = c.expect();
        if (expect.equals("local")) {
            String location = answer.location();
            boolean local = location != null && location.startsWith("/") && !location.startsWith("//")
                    && !location.startsWith("/\\");
            if (answer.status() == 400 && answer.problem()) {
                return null; // refused before signing in is as good
            }
            return answer.status() == 302 && local ? null : "expected a redirect to a local path, got " + answer.status()
                    + " to " + location;
        }
        if (expect.startsWith("inert:") || expect.startsWith("csv:")) {
            if (answer.status() >= 400) {
                return expect.startsWith("inert:") && answer.problem() ? null // refusing the text outright is as good
                        : "expected it stored, got " + answer.status() + " " + abbreviate(answer.body());
            }
            String[] then = expect.split(":", 3);
            String shown = fill(then[2].replace("{id}", String.valueOf(answer.id())), marker);
            WebTestClient.RequestHeadersSpec<?> get = client(then[1]).get().uri(shown)
                    .accept(expect.startsWith("csv:") ? MediaType.parseMediaType("text/csv") : MediaType.TEXT_HTML);
            if (then[1].equals("viewer")) {
                get = get.cookie("YUTANG_SESSION", session);
            }
            String page = get.exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
            String filled = fill(unescape(c.body()), marker);
            String payload = filled.contains("[[") ? filled.replaceAll("(?s).*\\[\\[(.*)]].*", "$1").replace("\\\"", "\"") : null;
            if (expect.startsWith("inert:")) {
                if (!page.contains(marker)) {
                    return shown + " does not show the stored text at all (cannot tell it is escaped)";
                }
                for (int at = payload == null ? -1 : page.indexOf(payload); at >= 0; at = page.indexOf(payload, at + 1)) {
                    // Inside a script block, as a JS string, markup is inert as long as it cannot close the block.
                    String before = page.substring(0, at).toLowerCase();
                    boolean inScript = before.lastIndexOf("<script") > before.lastIndexOf("</script");
                    if (!inScript || payload.toLowerCase().contains("</script")) {
                        return shown + " renders the text unescaped: …" + page.substring(Math.max(0, at - 120), at + payload.length()) + "…";
                    }
                }
                if (filled.contains("javascript:") && Pattern.compile("(?i)(href|src)=\"\\s*javascript:").matcher(page).find()) {
                    return shown + " carries a javascript: link";
                }
                return null;
            }
            Matcher cell = Pattern.compile("(^|[,\"\\n])'?[=+\\-@\\t\\r]" + Pattern.quote(payload.substring(1))).matcher(page);
            boolean defused = page.contains("'" + payload);
            while (cell.find()) {
                if (!cell.group().contains("'")) {
                    return shown + " has a live formula cell: " + cell.group();
                }
            }
            return defused ? null : shown + " does not carry the defused value '" + payload;
        }
        // "431!": refused by the HTTP codec itself, before any of yutang's code runs, so without a problem body.
        boolean codec = expect.endsWith("!");
        int wanted = Integer.parseInt(codec ? expect.substring(0, expect.length() - 1) : expect);
        if (answer.status() != wanted) {
            return "expected " + wanted + ", got " + answer.status() + " " + abbreviate(answer.body());
        }
        if (wanted >= 400 && !codec && !answer.problem()) {
            return "a " + wanted + " without a problem+json body: " + abbreviate(answer.body());
        }
        return null;
    }

    record Answer(int status, String body, String location, boolean problem, Object id) {
    }

    private Answer call(Case c, String path, String marker) {
        WebTestClient.RequestBodySpec request = client(c.caller())
                .method(c.method()).uri(java.net.URI.create(base() + path)).accept(MediaType.ALL);
        if (c.caller().equals("viewer")) {
            request = request.cookie("YUTANG_SESSION", session).header("X-CSRF-TOKEN", csrf);
        }
        if (!c.header().isEmpty()) {
            String[] header = fill(c.header(), marker).split("=", 2);
            request = request.header(header[0], header[1]);
        }
        byte[] body = body(c, marker);
        WebTestClient.RequestHeadersSpec<?> ready = body == null ? request
                : request.header("Content-Type", contentType(c.type())).bodyValue(body);
        return answer(ready.exchange().expectBody(byte[].class).returnResult());
    }

    private String base() {
        return "http://localhost:" + port;
    }

    /** WeChat's SHA-1 signature: the parts sorted and joined (an empty part allowed, unlike WxJava's helper). */
    static String sha1(String... parts) {
        String[] sorted = parts.clone();
        java.util.Arrays.sort(sorted);
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                    .digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Answer answer(EntityExchangeResult<byte[]> result) {
        byte[] bytes = result.getResponseBody();
        String text = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
        MediaType type = result.getResponseHeaders().getContentType();
        boolean problem = type != null && type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON) && text.contains("\"status\"");
        Matcher id = Pattern.compile("^\\{\"id\":(\\d+)").matcher(text);
        return new Answer(result.getStatus().value(), text, result.getResponseHeaders().getFirst("Location"), problem,
                id.find() ? id.group(1) : null);
    }

    private WebTestClient client(String caller) {
        return caller.equals("admin") ? StaffClients.admin(web) : web;
    }

    private static String contentType(String type) {
        return switch (type) {
            case "json" -> "application/json";
            case "csv" -> "text/csv";
            case "xml" -> "text/xml";
            case "form" -> "application/x-www-form-urlencoded";
            case "text" -> "text/plain";
            default -> type.startsWith("multipart") ? "multipart/form-data; boundary=" + BOUNDARY : type;
        };
    }

    private byte[] body(Case c, String marker) {
        if (c.type().equals("-")) {
            return null;
        }
        if (c.type().startsWith("multipart-poster")) {
            return multipart(marker, image(c.body()));
        }
        if (c.body().startsWith("image:")) {
            return image(c.body());
        }
        return fill(unescape(c.body()), marker).replace("[[", "").replace("]]", "").getBytes(StandardCharsets.UTF_8);
    }

    /** A poster-template upload: a valid layout named by the marker, and this background. */
    private static byte[] multipart(String marker, byte[] background) {
        String layout = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"layout\"\r\nContent-Type: application/json\r\n\r\n"
                + "{\"name\":\"" + marker + "\",\"placements\":{\"avatar\":{\"x\":40,\"y\":40,\"size\":120},"
                + "\"name\":{\"x\":40,\"y\":200,\"width\":400,\"fontSize\":40},\"qr\":{\"x\":200,\"y\":420,\"size\":300}}}\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"background\"; filename=\"bg.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(layout.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(background);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Image-ish bytes by name: bombs, polyglots, wrong types, oversize, truncated. */
    static byte[] image(String spec) {
        String kind = spec.replaceFirst("^image:", "");
        return switch (kind) {
            case "png-bomb" -> png(50_000, 50_000);
            case "png-wide" -> png(100_000, 1);
            case "png-zero" -> png(0, 0);
            case "png-truncated" -> java.util.Arrays.copyOf(realPng(), 60);
            case "png-html" -> concat(java.util.Arrays.copyOf(realPng(), 8), "<html><script>alert(1)</script>".getBytes(StandardCharsets.UTF_8));
            case "html-as-png" -> "<html><body><script>alert(document.domain)</script></body></html>".getBytes(StandardCharsets.UTF_8);
            case "svg" -> "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"></svg>".getBytes(StandardCharsets.UTF_8);
            case "gif" -> "GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;".getBytes(StandardCharsets.ISO_8859_1);
            case "zip" -> new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
            case "empty" -> new byte[0];
            case "oversize" -> concat(realPng(), new byte[6 * 1024 * 1024]);
            case "jpeg-bomb" -> jpegHeader(60_000, 60_000);
            case "png-random" -> concat(java.util.Arrays.copyOf(realPng(), 16), randomBytes(4096));
            default -> throw new IllegalArgumentException("no image kind " + kind);
        };
    }

    /** A real small PNG. */
    static byte[] realPng() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(800, 800, BufferedImage.TYPE_INT_RGB), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A small PNG file claiming {@code width}×{@code height} (a few hundred bytes that would decode to gigabytes). */
    static byte[] png(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        byte[] ihdr = new byte[13];
        java.nio.ByteBuffer.wrap(ihdr).putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr);
        Deflater deflater = new Deflater(9);
        deflater.setInput(new byte[1 << 20]);
        deflater.finish();
        byte[] compressed = new byte[1 << 16];
        int length = deflater.deflate(compressed);
        chunk(out, "IDAT", java.util.Arrays.copyOf(compressed, length));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** The start of a baseline JPEG whose frame header claims {@code width}×{@code height}. */
    static byte[] jpegHeader(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xc0, 0, 11, 8});
        out.writeBytes(new byte[] {(byte) (height >> 8), (byte) height, (byte) (width >> 8), (byte) width, 1, 1, 0x11, 0});
        out.writeBytes(new byte[] {(byte) 0xff, (byte) 0xd9});
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    // --- WeChat's callback -------------------------------------------------------------------

    /**
     * A delivery to the callback. {@code wechat}: the body is the plaintext event (the marker as its
     * openid), encrypted and signed as WeChat would; {@code wechat-raw}: the body as it is, with a valid
     * query signature; {@code wechat-badsig}, {@code -old}, {@code -future}, {@code -foreign} (encrypted
     * for another app id), {@code -reuse} (a second, different body under an already used query).
     */
    private Answer callback(Case c, String marker) {
        String plain = fill(unescape(c.body()), marker);
        long now = Instant.now().getEpochSecond();
        long timestamp = switch (c.caller()) {
            case "wechat-old" -> now - Duration.ofDays(2).toSeconds();
            case "wechat-future" -> now + Duration.ofDays(2).toSeconds();
            default -> now;
        };
        String nonce = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE);
        String appId = c.caller().equals("wechat-foreign") ? "wx0000000000000000" : TestAccount.APP_ID;
        String body;
        String encrypted;
        if (c.caller().equals("wechat-raw")) {
            body = plain;
            Matcher inside = Pattern.compile("<Encrypt><!\\[CDATA\\[(.*?)]]></Encrypt>").matcher(plain);
            encrypted = inside.find() ? inside.group(1) : "";
        } else {
            encrypted = new WxCryptUtil(TestAccount.TOKEN, TestAccount.AES_KEY, appId).encrypt(HexFormat.of().formatHex(randomBytes(8)), plain);
            body = "<xml><ToUserName><![CDATA[" + TestAccount.GH_ID + "]]></ToUserName><Encrypt><![CDATA[" + encrypted
                    + "]]></Encrypt></xml>";
        }
        String signature = sha1(TestAccount.TOKEN, Long.toString(timestamp), nonce);
        String messageSignature = sha1(TestAccount.TOKEN, Long.toString(timestamp), nonce, encrypted);
        if (c.caller().equals("wechat-badsig")) {
            signature = "0".repeat(40);
            messageSignature = "0".repeat(40);
        }
        String query = "signature=" + signature + "&timestamp=" + timestamp + "&nonce=" + nonce
                + "&encrypt_type=aes&msg_signature=" + messageSignature + fill(c.path().replaceFirst("^/wechat/callback", ""), marker);
        if (c.caller().equals("wechat-reuse")) {
            String first = "<xml><ToUserName><![CDATA[" + TestAccount.GH_ID + "]]></ToUserName><FromUserName><![CDATA[o-first-" + UUID.randomUUID()
                    + "]]></FromUserName><CreateTime>" + now + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                    + "<Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[MENU_X]]></EventKey></xml>";
            String firstEncrypted = new WxCryptUtil(TestAccount.TOKEN, TestAccount.AES_KEY, appId).encrypt("0123456789abcdef", first);
            String firstQuery = "signature=" + signature + "&timestamp=" + timestamp + "&nonce=" + nonce
                    + "&encrypt_type=aes&msg_signature=" + sha1(TestAccount.TOKEN, Long.toString(timestamp), nonce, firstEncrypted);
            web.post().uri("/wechat/callback?" + firstQuery).contentType(MediaType.TEXT_XML)
                    .bodyValue("<xml><ToUserName><![CDATA[" + TestAccount.GH_ID + "]]></ToUserName><Encrypt><![CDATA["
                            + firstEncrypted + "]]></Encrypt></xml>")
                    .exchange().expectStatus().isOk();
            query = firstQuery;
        }
        WebTestClient.RequestBodySpec request = web.method(c.method()).uri(java.net.URI.create(base() + "/wechat/callback?" + query));
        if (!c.header().isEmpty()) {
            String[] header = fill(c.header(), marker).split("=", 2);
            request = request.header(header[0], header[1]);
        }
        return answer(request.header("Content-Type", contentType(c.type())).bodyValue(body.getBytes(StandardCharsets.UTF_8))
                .exchange().expectBody(byte[].class).returnResult());
    }

    // --- OAuth ------------------------------------------------------------------------------

    /** Signs in with {@code return} set to the case's value; where the callback then sends the person. */
    private Answer oauthReturn(String target) {
        EntityExchangeResult<byte[]> started = web.get()
                .uri(builder -> builder.path("/wechat/oauth/start").queryParam("scope", "base").queryParam("return", "{r}").build(target))
                .exchange().expectBody(byte[].class).returnResult();
        if (started.getStatus().value() != 302) {
            return answer(started);
        }
        String state = UriComponentsBuilder.fromUri(started.getResponseHeaders().getLocation()).build().getQueryParams().getFirst("state");
        return answer(web.get().uri(builder -> builder.path("/wechat/oauth/callback").queryParam("code", "o-return-" + System.nanoTime())
                .queryParam("state", state).build()).cookie(STATE_COOKIE, state).exchange().expectBody(byte[].class).returnResult());
    }

    /** A sign-in whose state was already used once: the second callback with it is refused. */
    private Answer oauthStateReplay() {
        EntityExchangeResult<byte[]> started = web.get().uri("/wechat/oauth/start?scope=base&return=/").exchange()
                .expectBody(byte[].class).returnResult();
        String state = UriComponentsBuilder.fromUri(started.getResponseHeaders().getLocation()).build().getQueryParams().getFirst("state");
        web.get().uri(builder -> builder.path("/wechat/oauth/callback").queryParam("code", "o-replay-" + System.nanoTime())
                .queryParam("state", state).build()).cookie(STATE_COOKIE, state).exchange().expectStatus().isFound();
        return answer(web.get().uri(builder -> builder.path("/wechat/oauth/callback").queryParam("code", "o-replay2-" + System.nanoTime())
                .queryParam("state", state).build()).cookie(STATE_COOKIE, state).exchange().expectBody(byte[].class).returnResult());
    }

    // --- fixtures and the table ---------------------------------------------------------------

    private void fixtures() {
        WebTestClient admin = StaffClients.admin(web);
        Instant start = Instant.now().plus(Duration.ofDays(3));
        fixtures.put("event", id(admin.post().uri("/api/events").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "恶意输入 " + run, "startsAt", start.toString(), "endsAt", start.plus(Duration.ofHours(1)).toString(),
                        "status", "OPEN", "consentText", "我们将按隐私政策使用你的信息发送直播提醒。"))));
        for (int n = 2; n <= 5; n++) {
            fixtures.put("event" + n, id(admin.post().uri("/api/events").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("title", "导出 " + n + " " + run, "startsAt", start.toString(),
                            "endsAt", start.plus(Duration.ofHours(1)).toString(), "status", "OPEN",
                            "consentText", "我们将按隐私政策使用你的信息发送直播提醒。"))));
        }
        fixtures.put("draft", id(admin.post().uri("/api/events").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "草稿 " + run, "startsAt", start.toString(), "endsAt", start.plus(Duration.ofHours(1)).toString()))));
        fixtures.put("campaign", id(admin.post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "恶意输入 " + run, "targetKind", "FOLLOW", "startsAt", Instant.now().toString()))));
        long asset = Long.parseLong(id(admin.post().uri("/api/assets").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of(
                "title", "白皮书 " + run, "deliveryConsent", "同意就本资料与我联系", "marketingConsent", "同意接收营销信息"))));
        admin.post().uri(builder -> builder.path("/api/assets/{a}/versions").queryParam("fileName", "wp.pdf").build(asset))
                .contentType(MediaType.APPLICATION_PDF).bodyValue("%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isCreated();
        admin.put().uri("/api/assets/{a}", asset).contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of(
                "title", "白皮书 " + run, "deliveryConsent", "同意就本资料与我联系", "marketingConsent", "同意接收营销信息",
                "status", "PUBLISHED")).exchange().expectStatus().isOk();
        fixtures.put("asset", String.valueOf(asset));
        fixtures.put("article", id(admin.post().uri("/api/articles").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "文章 " + run, "body", "正文", "status", "PUBLISHED"))));
        String signedIn = H5Visitor.signIn(web, "o-hostile-" + run);
        var page = web.get().uri("/live/" + fixtures.get("event")).cookie("YUTANG_SESSION", signedIn).accept(MediaType.TEXT_HTML)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult();
        var renewed = page.getResponseCookies().getFirst("YUTANG_SESSION");
        session = renewed == null ? signedIn : renewed.getValue();
        Matcher token = CSRF.matcher(page.getResponseBody());
        assertThat(token.find()).isTrue();
        csrf = token.group(1);
        fixtures.put("session", session);
    }

    private static String id(WebTestClient.RequestHeadersSpec<?> request) {
        return String.valueOf(((Number) request.exchange().expectStatus().isCreated().expectBody(MAP).returnResult()
                .getResponseBody().get("id")).longValue());
    }

    /** The fixtures' ids, the case's marker, and generated text put into a path or body. */
    private String fill(String text, String marker) {
        String filled = text.replace("{M}", marker);
        for (Map.Entry<String, String> fixture : fixtures.entrySet()) {
            filled = filled.replace("{" + fixture.getKey() + "}", fixture.getValue());
        }
        Matcher generator = GENERATOR.matcher(filled);
        StringBuilder out = new StringBuilder();
        while (generator.find()) {
            String[] args = generator.group(2).split(",", 2);
            String made = switch (generator.group(1)) {
                case "repeat" -> args[1].repeat(Integer.parseInt(args[0]));
                case "deep" -> "[".repeat(Integer.parseInt(args[0])) + "]".repeat(Integer.parseInt(args[0]));
                case "deepobj" -> "{\"a\":".repeat(Integer.parseInt(args[0])) + "1" + "}".repeat(Integer.parseInt(args[0]));
                default -> throw new IllegalArgumentException(generator.group());
            };
            generator.appendReplacement(out, Matcher.quoteReplacement(made));
        }
        generator.appendTail(out);
        return out.toString();
    }

    /** Java-like escapes in the table: {@code \n \r \t \\ \\uXXXX}. */
    static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch != '\\' || i + 1 == text.length()) {
                out.append(ch);
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'p' -> out.append('|');
                case 'u' -> {
                    out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }

    /** The table: {@code expect | table | caller | METHOD path | type | body [| Header=value]}; {@code #} lines are comments. */
    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        String[] lines = new ClassPathResource("hostile-inputs.txt").getContentAsString(StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(" \\|(?: |$)", -1);
            assertThat(f.length).as("line " + (i + 1) + ": " + line).isBetween(6, 7);
            String[] route = f[3].strip().split(" ", 2);
            cases.add(new Case(i + 1, f[0].strip(), f[1].strip(), f[2].strip(), HttpMethod.valueOf(route[0]), route[1],
                    f[4].strip(), f[5], f.length > 6 ? f[6].strip() : ""));
        }
        return cases;
    }

    private static String abbreviate(String text) {
        String one = text.replaceAll("\\s+", " ");
        return one.length() > 300 ? one.substring(0, 300) + "…" : one;
    }
}

package io.yutang.gateway.referral;

import io.yutang.gateway.StaffClients;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.yutang.gateway.FakeWeChat;
import io.yutang.gateway.YutangIntegrationTest;
import io.yutang.gateway.signin.H5Visitor;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * Posters end to end: marketing uploads templates, a bound rep downloads their poster in WeChat
 * (QR = their share link's scene code, avatar from its URL or initials), marketing zips a
 * department's posters.
 */
@YutangIntegrationTest
@TestPropertySource(properties = {"yutang.referral.poster-avatar-timeout=400ms", "yutang.referral.poster-avatar-hosts=localhost"})
class PosterIntegrationTest {

    static final int GREEN = 0x12A05C;
    static final String LAYOUT = """
            {"name": "%s", "placements": {
              "avatar": {"x": 40, "y": 40, "size": 160},
              "name": {"x": 240, "y": 60, "width": 320, "fontSize": 40, "color": "#1F2937"},
              "title": {"x": 240, "y": 130, "width": 320, "fontSize": 24},
              "qr": {"x": 150, "y": 400, "size": 300},
              "campaignText": {"x": 40, "y": 240, "width": 520, "fontSize": 30, "color": "#111111", "align": "CENTER"}}}""";

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Value("${yutang.redis.key-prefix}")
    String redisPrefix;

    String batch;

    @BeforeEach
    void aBatch() {
        batch = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void eachUploadUnderANameIsItsNextVersion() {
        String name = "年终大促 " + batch;
        Map<String, Object> first = upload(name, solid(600, 800, Color.WHITE, "png"));
        Map<String, Object> second = upload(name, solid(600, 800, new Color(0xFFF3E0), "jpeg"));

        assertThat(first).containsEntry("name", name).containsEntry("version", 1).containsEntry("width", 600);
        assertThat(second).containsEntry("name", name).containsEntry("version", 2);
        assertThat(second.get("id")).isNotEqualTo(first.get("id"));
        List<Map<String, Object>> listed = asAdmin().get().uri("/api/poster-templates").exchange()
                .expectStatus().isOk().expectBody(LIST).returnResult().getResponseBody();
        assertThat(listed).filteredOn(t -> name.equals(t.get("name"))).singleElement()
                .satisfies(t -> assertThat(t).containsEntry("version", 2));
    }

    @Test
    void explainsWhatIsWrongWithATemplate() {
        String outside = LAYOUT.formatted("坏模板 " + batch).replace("\"size\": 300", "\"size\": 500")
                .replace("\"color\": \"#1F2937\"", "\"color\": \"blue\"");
        asAdmin().post().uri("/api/poster-templates").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(multipart(outside, solid(600, 800, Color.WHITE, "png"))))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail").isEqualTo("海报模板有误，请按 errors 中的说明修改。")
                .jsonPath("$.errors[?(@.field == 'placements.qr')].reason").isEqualTo("outside-the-background")
                .jsonPath("$.errors[?(@.field == 'placements.name.color')].reason").isEqualTo("not-#RRGGBB");
        asAdmin().post().uri("/api/poster-templates").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(multipart(LAYOUT.formatted(""), "GIF89a not a poster".getBytes())))
                .exchange().expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'background')].reason").isEqualTo("not-png-or-jpeg")
                .jsonPath("$.errors[?(@.field == 'name')].reason").isEqualTo("required");
        asAdmin().post().uri("/api/poster-templates").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(multipart(LAYOUT.formatted("太宽 " + batch), solid(4097, 800, Color.WHITE, "png"))))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[?(@.field == 'background')].reason").isEqualTo("larger-than-4096px");
        asAdmin().post().uri("/api/poster-templates").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(multipart(LAYOUT.formatted("太大 " + batch), new byte[5 * 1024 * 1024 + 1])))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("background")
                .jsonPath("$.errors[0].reason").isEqualTo("larger-than-5MB");
        asAdmin().post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "x", "targetKind", "FOLLOW", "startsAt", "2026-12-01T00:00:00Z",
                        "posterTemplate", "从未上传 " + batch))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("posterTemplate");
    }

    @Test
    void aBoundRepGetsTheirPosterWithTheirLinksQrCodeAndAvatarAndTheSecondOneComesFromTheCache() throws Exception {
        String template = "春季直播 " + batch;
        upload(template, solid(600, 800, Color.WHITE, "png"));
        long campaign = campaign(template);
        String avatar = "/avatars/" + batch + "/green.png";
        FakeWeChat.server().stubFor(get(urlPathEqualTo(avatar)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withBody(solid(96, 96, new Color(GREEN), "png"))));
        Rep rep = rep("王销售", "华东大区 " + batch, FakeWeChat.baseUrl() + avatar + "?sig=secret");
        String sceneUrl = (String) web.get().uri("/my/campaigns/{c}/share-link", campaign).cookie("YUTANG_SESSION", rep.session())
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody().get("sceneUrl");
        long cachedBefore = cachedPosters();

        byte[] png = web.get().uri("/my/campaigns/{c}/poster", campaign).cookie("YUTANG_SESSION", rep.session())
                .exchange().expectStatus().isOk()
                .expectHeader().contentType(MediaType.IMAGE_PNG)
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=300, private")
                .expectBody(byte[].class).returnResult().getResponseBody();

        BufferedImage poster = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(poster.getWidth()).isEqualTo(600);
        assertThat(poster.getHeight()).isEqualTo(800);
        assertThat(qr(poster, 150, 400, 300)).isEqualTo(sceneUrl);
        assertThat(poster.getRGB(40 + 80, 40 + 80) & 0xFFFFFF).as("the avatar fills its circle").isEqualTo(GREEN);
        assertThat(cachedPosters()).isEqualTo(cachedBefore + 1);

        byte[] again = web.get().uri("/my/campaigns/{c}/poster", campaign).cookie("YUTANG_SESSION", rep.session())
                .exchange().expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(again).isEqualTo(png);
        assertThat(cachedPosters()).as("served from the cached key, none added").isEqualTo(cachedBefore + 1);
        FakeWeChat.server().verify(1, getRequestedFor(urlPathEqualTo(avatar)));

        upload(template, solid(600, 800, new Color(0xFFF8E1), "png"));
        byte[] newVersion = web.get().uri("/my/campaigns/{c}/poster", campaign).cookie("YUTANG_SESSION", rep.session())
                .exchange().expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(ImageIO.read(new ByteArrayInputStream(newVersion)).getRGB(590, 790) & 0xFFFFFF)
                .as("the template's latest version").isEqualTo(0xFFF8E1);
    }

    @Test
    void aSlowAvatarGivesTheInitialsInstead() throws Exception {
        String slow = "/avatars/" + batch + "/slow.png";
        FakeWeChat.server().stubFor(get(urlPathEqualTo(slow)).willReturn(aResponse().withStatus(200).withFixedDelay(3_000)
                .withHeader("Content-Type", "image/png").withBody(solid(96, 96, new Color(GREEN), "png"))));
        String missing = "/avatars/" + batch + "/gone.png";
        FakeWeChat.server().stubFor(get(urlPathEqualTo(missing)).willReturn(aResponse().withStatus(404)));
        long campaign = campaign(null);

        String elsewhere = "/avatars/" + batch + "/internal.png";
        FakeWeChat.server().stubFor(get(urlPathEqualTo(elsewhere)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withBody(solid(96, 96, new Color(GREEN), "png"))));
        long cachedBefore = cachedPosters();

        for (String avatar : List.of(FakeWeChat.baseUrl() + slow, FakeWeChat.baseUrl() + missing,
                FakeWeChat.baseUrl().replace("localhost", "127.0.0.1") + elsewhere)) {
            Rep rep = rep("李销售", "华南大区 " + batch, avatar);
            BufferedImage poster = ImageIO.read(new ByteArrayInputStream(web.get().uri("/my/campaigns/{c}/poster", campaign)
                    .cookie("YUTANG_SESSION", rep.session()).exchange().expectStatus().isOk()
                    .expectBody(byte[].class).returnResult().getResponseBody()));

            assertThat(poster.getWidth()).as("the built-in poster").isEqualTo(750);
            int disc = poster.getRGB(315 + 60, 150 + 12) & 0xFFFFFF;
            assertThat(disc).as("a coloured initials disc, not the avatar").isNotEqualTo(GREEN);
            assertThat(poster.getRGB(315 + 60, 150 + 60) & 0xFFFFFF).as("the white initial 李").isEqualTo(0xFFFFFF);
        }
        assertThat(cachedPosters()).as("a poster without its avatar is not kept; the next request tries again")
                .isEqualTo(cachedBefore);
        FakeWeChat.server().verify(0, getRequestedFor(urlPathEqualTo(elsewhere)));
    }

    @Test
    void marketingGetsADepartmentsPostersAsOneZip() throws Exception {
        String department = "华北大区 " + batch;
        long campaign = campaign(null);
        long first = employee("赵销售", department);
        long second = employee("钱销售", department);
        employee("孙销售", "其他部门 " + batch);
        WebTestClient marketer = marketer();

        var result = marketer.get().uri(b -> b.path("/api/campaigns/{c}/posters.zip").queryParam("department", department)
                        .build(campaign))
                .exchange().expectStatus().isOk()
                .expectHeader().contentType("application/zip")
                .expectHeader().value(HttpHeaders.CONTENT_DISPOSITION,
                        value -> assertThat(value).startsWith("attachment;").contains("filename*=UTF-8''campaign-" + campaign
                                + "-%E5%8D%8E%E5%8C%97%E5%A4%A7%E5%8C%BA%20" + batch))
                .expectBody(byte[].class).returnResult();

        Map<String, BufferedImage> posters = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(result.getResponseBody()))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                posters.put(entry.getName(), ImageIO.read(new ByteArrayInputStream(zip.readAllBytes())));
            }
        }
        assertThat(posters).containsOnlyKeys(first + "-赵销售.png", second + "-钱销售.png");
        for (var poster : posters.values()) {
            assertThat(poster.getWidth()).isEqualTo(750);
            assertThat(qr(poster, 215, 720, 320)).startsWith("http://weixin.qq.com/q/test-c");
        }
        marketer.get().uri(b -> b.path("/api/campaigns/{c}/posters.zip").queryParam("department", "没有这个部门 " + batch)
                        .build(campaign))
                .exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("这个部门没有员工。");
        marketer.get().uri("/api/campaigns/{c}/sharers/{s}/poster", campaign, first).exchange()
                .expectStatus().isOk().expectHeader().contentType(MediaType.IMAGE_PNG);
    }

    @Test
    void onlyTheRightPeopleGetPosters() {
        long campaign = campaign(null);
        Rep rep = rep("周销售", "华东大区 " + batch, null);

        web.get().uri("/my/campaigns/{c}/poster", campaign).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/api/campaigns/{c}/sharers/{s}/poster", campaign, rep.id()).cookie("YUTANG_SESSION", rep.session())
                .exchange().expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri(b -> b.path("/api/campaigns/{c}/posters.zip").queryParam("department", "华东大区 " + batch).build(campaign))
                .cookie("YUTANG_SESSION", rep.session())
                .exchange().expectStatus().isUnauthorized();
        web.get().uri("/api/poster-templates").cookie("YUTANG_SESSION", rep.session()).exchange().expectStatus().isUnauthorized();
        web.get().uri("/my/campaigns/999999999/poster").cookie("YUTANG_SESSION", rep.session()).exchange()
                .expectStatus().isNotFound();
        web.get().uri("/my/campaigns/{c}/poster", campaign).cookie("YUTANG_SESSION", H5Visitor.signIn(web, openid("prospect")))
                .exchange().expectStatus().isOk().expectHeader().contentType(MediaType.IMAGE_PNG);
    }

    record Rep(long id, String session) {
    }

    private Map<String, Object> upload(String name, byte[] background) {
        return asAdmin().post().uri("/api/poster-templates").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(multipart(LAYOUT.formatted(name), background)))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
    }

    private static org.springframework.util.MultiValueMap<String, org.springframework.http.HttpEntity<?>> multipart(
            String layout, byte[] background) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("background", new ByteArrayResource(background) {
            @Override
            public String getFilename() {
                return "background.png";
            }
        }).contentType(MediaType.IMAGE_PNG);
        parts.part("layout", layout, MediaType.APPLICATION_JSON);
        return parts.build();
    }

    private long campaign(String template) {
        Map<String, Object> draft = new HashMap<>(Map.of("name", "数字化营销公开课 " + batch, "targetKind", "FOLLOW",
                "startsAt", Instant.now().minus(Duration.ofDays(1)).toString()));
        if (template != null) {
            draft.put("posterTemplate", template);
        }
        return ((Number) asAdmin().post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON).bodyValue(draft)
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id")).longValue();
    }

    /** An employee imported by marketing, not bound to WeChat. */
    private long employee(String name, String department) {
        String external = "E-" + UUID.randomUUID().toString().substring(0, 8);
        asAdmin().post().uri("/api/sharers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(Map.of("kind", "EMPLOYEE", "externalId", external, "name", name, "title", "客户经理",
                        "department", department)))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.errors.length()").isEqualTo(0);
        return database.sql("select id from referral.sharer where external_id = :e").bind("e", external)
                .map(row -> row.get("id", Long.class)).one().block(Duration.ofSeconds(5));
    }

    /** An employee who opened their binding link in WeChat: their session has the role REP. */
    private Rep rep(String name, String department, String avatarUrl) {
        long id = employee(name, department);
        if (avatarUrl != null) {
            database.sql("update referral.sharer set avatar_url = :a where id = :id").bind("a", avatarUrl).bind("id", id)
                    .then().block(Duration.ofSeconds(5));
        }
        String path = URI.create((String) asAdmin().post().uri("/api/sharers/" + id + "/binding-links")
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("url")).getPath();
        String session = H5Visitor.signIn(web, openid("rep"));
        String bound = web.get().uri(path).cookie("YUTANG_SESSION", session).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseCookies().getFirst("YUTANG_SESSION").getValue();
        return new Rep(id, bound);
    }

    private WebTestClient marketer() {
        return StaffClients.newMarketer(web);
    }

    private long cachedPosters() {
        return redis.scan(ScanOptions.scanOptions().match(redisPrefix + "referral:poster:*").count(1000).build())
                .count().block(Duration.ofSeconds(5));
    }

    /**
     * The text of the QR code drawn in the square at (x, y), read as the pure, unskewed code it is:
     * ZXing's camera-image detector misses about 1 in 150 perfectly drawn codes (which made this test
     * fail whenever the ids put such a URL on the poster).
     */
    private static String qr(BufferedImage poster, int x, int y, int size) throws NotFoundException, Exception {
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new BufferedImageLuminanceSource(poster.getSubimage(x, y, size, size)))),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }

    private static byte[] solid(int width, int height, Color color, String format) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private static String openid(String who) {
        return "o-poster-" + who + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    private WebTestClient asAdmin() {
        return StaffClients.admin(web);
    }

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() { };
    private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() { };
}

package io.yutang.gateway.journey;

import static io.yutang.gateway.journey.H5Journeys.MAP;
import static io.yutang.gateway.journey.H5Journeys.createdId;
import static io.yutang.gateway.journey.H5Journeys.csrf;
import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.StaffClients;
import io.yutang.gateway.YutangIntegrationTest;
import io.yutang.gateway.signin.H5Visitor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * An article from marketing's and the reader's side over HTTP: marketing writes it with an image
 * and a call to action; a rep's link leads a prospect through sign-in to the page, which shows the
 * rep's card and none of the script marketing pasted; the page's beacons are one read per visit;
 * the report credits the rep. Without a sharer's link the page shows the company's card.
 */
@YutangIntegrationTest
class ArticleJourneyIntegrationTest {

    /** A real (tiny) PNG: an article image must decode, not just start like one. */
    static final byte[] PNG = png();
    static final String BODY = """
            ## 为什么要做私域

            展会名片不该躺在抽屉里。<script>alert('x')</script>

            <img src="https://cdn.example.com/x.png" onerror="alert(1)">

            [看案例](javascript:alert(2))
            """;

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient database;

    @Test
    void aProspectBroughtByARepReadsTheArticleWithTheRepsCardAndTheReportCreditsHer() {
        long article = createdId(admin().post().uri("/api/articles").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "私域增长手册", "summary", "把展会名片变成客户", "body", BODY)));
        Map<String, Object> image = admin().post().uri(builder -> builder.path("/api/articles/{a}/images")
                        .queryParam("fileName", "曲线.png").build(article))
                .contentType(MediaType.IMAGE_PNG).bodyValue(PNG).exchange().expectStatus().isCreated()
                .expectBody(MAP).returnResult().getResponseBody();
        String imagePath = (String) image.get("path");
        web.get().uri(imagePath).exchange().expectStatus().isOk()
                .expectHeader().contentType(MediaType.IMAGE_PNG)
                .expectHeader().value(HttpHeaders.CACHE_CONTROL, cache -> assertThat(cache).contains("max-age=2592000").contains("public"))
                .expectBody(byte[].class).isEqualTo(PNG);
        web.get().uri("/c/articles/{a}/images/00000000000000000000000000000000.png", article).exchange().expectStatus().isNotFound();
        admin().put().uri("/api/articles/{a}", article).contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of(
                        "title", "私域增长手册", "summary", "把展会名片变成客户", "coverUrl", imagePath,
                        "body", BODY + "\n![曲线](" + imagePath + ")\n", "status", "PUBLISHED",
                        "callToAction", Map.of("kind", "LIVE_EVENT", "id", 7, "label", "报名直播")))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("PUBLISHED")
                .jsonPath("$.html").value(html -> assertThat((String) html).doesNotContain("<script").doesNotContain("onerror")
                        .doesNotContain("javascript:").contains(imagePath));
        long campaign = createdId(admin().post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of(
                "name", "手册文章推广", "targetKind", "CONTENT", "targetRef", "article:" + article,
                "targetUrl", "/c/articles/" + article, "startsAt", Instant.now().minus(Duration.ofDays(1)).toString())));
        long rep = sharer("周晓岚", "销售总监", "华南销售部");
        String token = (String) admin().post().uri("/api/campaigns/{c}/share-links", campaign).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("sharerId", rep)).exchange().expectStatus().is2xxSuccessful()
                .expectBody(MAP).returnResult().getResponseBody().get("token");

        String session = H5Visitor.signIn(web, "o-article-" + UUID.randomUUID().toString().substring(0, 8));
        URI landing = web.get().uri("/s/{t}", token).cookie("YUTANG_SESSION", session).exchange()
                .expectStatus().isFound().returnResult(Void.class).getResponseHeaders().getLocation();
        assertThat(landing.toString()).contains("/c/articles/" + article).contains("st=" + token);
        String[] page = page(article, "?st=" + token, session);
        assertThat(page[0]).contains("私域增长手册").contains("<h2>为什么要做私域</h2>")
                .contains("周晓岚").contains("销售总监").contains("华南销售部").contains("/cgi-bin/showqrcode?ticket=")
                .contains("href=\"/live/7?st=" + token + "\"").contains("\"ref\":\"article:" + article + "\"")
                .doesNotContain("alert(").doesNotContain("onerror").doesNotContain("javascript:");
        String csrf = csrf(page[0]);
        String visit = UUID.randomUUID().toString().replace("-", "");

        beacon(article, page[1], Map.of("visit", visit, "dwell", "12", "scroll", "60", "st", token, "_csrf", csrf))
                .expectStatus().isNoContent();
        beacon(article, page[1], Map.of("visit", visit, "dwell", "5", "scroll", "90", "st", token, "_csrf", csrf))
                .expectStatus().isNoContent();
        beacon(article, page[1], Map.of("visit", visit, "dwell", "5", "scroll", "150", "_csrf", csrf))
                .expectStatus().isBadRequest().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.field").isEqualTo("scroll");
        beacon(article, page[1], Map.of("visit", visit, "dwell", "5", "scroll", "100")).expectStatus().isForbidden();
        String other = H5Visitor.signIn(web, "o-article-" + UUID.randomUUID().toString().substring(0, 8));
        String[] otherPage = page(article, "", other);
        beacon(article, otherPage[1], Map.of("visit", visit, "dwell", "999", "scroll", "100", "_csrf", csrf(otherPage[0])))
                .expectStatus().isForbidden().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);

        admin().get().uri("/api/articles/{a}/report", article).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.total.views").isEqualTo(2)
                .jsonPath("$.total.viewers").isEqualTo(2)
                .jsonPath("$.total.reads").isEqualTo(1)
                .jsonPath("$.total.medianDwellSeconds").isEqualTo(12)
                .jsonPath("$.total.medianScrollPercent").isEqualTo(90)
                .jsonPath("$.splits.SHARER[0].label").isEqualTo("周晓岚")
                .jsonPath("$.splits.SHARER[0].figures.reads").isEqualTo(1)
                .jsonPath("$.splits.DEPARTMENT[0].key").isEqualTo("华南销售部");
    }

    @Test
    void anArticleOpenedWithoutASharersLinkShowsTheCompanysCard() {
        long article = createdId(admin().post().uri("/api/articles").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "公司动态", "body", "我们发布了新版本。", "status", "PUBLISHED")));
        String session = H5Visitor.signIn(web, "o-article-" + UUID.randomUUID().toString().substring(0, 8));

        String[] page = page(article, "", session);
        assertThat(page[0]).contains("公司动态").contains("data-default=\"true\"").contains("<div class=\"name\">鱼塘</div>")
                .doesNotContain("showqrcode");
        assertThat(page(article, "?st=AAAAAAAAAAAAAAAAAAAAAA", page[1])[0]).as("an unknown link: the company's card too")
                .contains("<div class=\"name\">鱼塘</div>");
        web.get().uri("/c/articles/{a}", article).accept(MediaType.TEXT_HTML).exchange().expectStatus().isFound()
                .expectHeader().value(HttpHeaders.LOCATION, location -> assertThat(location).startsWith("/wechat/oauth/start"));
    }

    @Test
    void marketingsMistakesAreRefusedAsProblemsThatSayWhatIsWrong() {
        admin().post().uri("/api/articles").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "坏文章", "body", "正文", "status", "LIVE",
                        "callToAction", Map.of("kind", "ASSET", "label", "下载")))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("status: unknown (DRAFT, PUBLISHED or ARCHIVED)").contains("callToAction.id: missing"))
                .jsonPath("$.errors[0].field").isEqualTo("status");
        admin().post().uri("/api/articles").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "长".repeat(101), "body", "正文"))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].reason").isEqualTo("too-long (at most 100)");
        admin().get().uri("/api/articles/999999").exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        admin().get().uri("/api/articles/999999/report").exchange().expectStatus().isNotFound();
        admin().get().uri("/api/assets/999999/report").exchange().expectStatus().isNotFound();
        long draft = createdId(admin().post().uri("/api/articles").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "草稿", "body", "还没写完")));
        admin().post().uri(builder -> builder.path("/api/articles/{a}/images").queryParam("fileName", "a.svg").build(draft))
                .contentType(MediaType.valueOf("image/svg+xml")).bodyValue("<svg onload=alert(1)>").exchange()
                .expectStatus().isBadRequest();
        web.get().uri("/api/articles").exchange().expectStatus().isUnauthorized();
        String session = H5Visitor.signIn(web, "o-article-" + UUID.randomUUID().toString().substring(0, 8));
        web.get().uri("/c/articles/{a}", draft).cookie("YUTANG_SESSION", session).accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isNotFound();
    }

    private WebTestClient.ResponseSpec beacon(long article, String session, Map<String, String> fields) {
        var form = BodyInserters.fromFormData("visit", fields.get("visit"));
        fields.forEach((name, value) -> {
            if (!name.equals("visit")) {
                form.with(name, value);
            }
        });
        return web.post().uri("/c/articles/{a}/reads", article).cookie("YUTANG_SESSION", session)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(form).exchange();
    }

    private String[] page(long article, String query, String session) {
        return H5Journeys.page(web, "/c/articles/" + article + query, session);
    }

    private long sharer(String name, String title, String department) {
        return H5Journeys.employee(admin(), database, Map.of("name", name, "title", title, "department", department));
    }

    private WebTestClient admin() {
        return StaffClients.admin(web);
    }

    private static byte[] png() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

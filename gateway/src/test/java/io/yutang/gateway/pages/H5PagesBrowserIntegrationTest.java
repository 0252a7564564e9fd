package io.yutang.gateway.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.TestAccount;
import io.yutang.referral.ContactId;
import io.yutang.referral.Contacts;
import io.yutang.referral.Sharers;
import io.yutang.referral.WeChatUser;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The H5 pages in a real headless Chromium, in sandbox mode: a prospect opens a rep's shared link,
 * signs in on the sandbox's stand-in for WeChat's authorize page, fills the page's form and reads
 * the answer (a registration's confirmation, a whitepaper's download); each is credited to the rep.
 * An article opened through an employee's link shows her card, and leaving it records the reading.
 * Screenshots of what the prospect saw are kept in {@code target/screenshots/}.
 */
class H5PagesBrowserIntegrationTest {

    static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() { };
    static SandboxSite site;
    static ConfigurableApplicationContext app;
    static WebTestClient admin;
    static String base;
    static WebDriver browser;

    @BeforeAll
    static void startSandboxAndBrowser() throws IOException {
        site = SandboxSite.start("browser:");
        app = site.app();
        base = site.base();
        admin = WebTestClient.bindToServer().baseUrl(base).responseTimeout(Duration.ofSeconds(10))
                .defaultHeaders(h -> h.setBasicAuth("admin", TestAccount.ADMIN_PASSWORD)).build();
        // WeChat's browser on a Chinese phone asks for Chinese pages.
        browser = Chromium.start(390, 844, "zh-CN,zh");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (site != null) {
            site.stop();
        }
    }

    @Test
    void aProspectOpensTheSharedLinkRegistersAndSeesTheConfirmation() {
        Instant start = Instant.now().plus(Duration.ofDays(3));
        long event = id(admin.post().uri("/api/events").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of(
                "title", "数字化营销公开课", "startsAt", start.toString(), "endsAt", start.plus(Duration.ofHours(1)).toString(),
                "status", "OPEN", "consentText", "我们将按隐私政策使用你的信息发送直播提醒。")));
        long campaign = id(admin.post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of(
                "name", "公开课推广", "targetKind", "LIVE_EVENT", "targetRef", String.valueOf(event),
                "targetUrl", base + "/live/" + event, "startsAt", Instant.now().minus(Duration.ofDays(1)).toString())));
        DatabaseClient db = app.getBean(DatabaseClient.class);
        long rep = employee(Map.of("name", "王销售"));
        String token = shareToken(campaign, rep);
        String openid = "o-browser-" + UUID.randomUUID().toString().substring(0, 8);

        WebDriverWait wait = openSignedIn(token, openid);

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("registration")));
        assertThat(browser.getCurrentUrl()).contains("/live/" + event).contains("st=" + token);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("数字化营销公开课");
        assertThat(browser.getTitle()).isEqualTo("数字化营销公开课");
        assertThat(browser.findElement(By.id("register")).getText()).isEqualTo("报名");
        browser.findElement(By.id("register")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".err[data-for=name]"), "请填写姓名"));

        browser.findElement(By.name("name")).sendKeys("李女士");
        browser.findElement(By.name("company")).sendKeys("鱼塘科技");
        browser.findElement(By.name("consent")).click();
        browser.findElement(By.id("register")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "报名成功"));

        assertThat(db.sql("""
                        select k.sharer_id from referral.credit k join referral.conversion v on v.id = k.conversion_id
                          join referral.contact c on c.id = v.contact_id
                         where c.openid = :o and k.kind = 'REGISTRATION' and k.role = 'REFERRER'""")
                .bind("o", openid).map(row -> row.get("sharer_id", Long.class)).all().collectList().block(Duration.ofSeconds(5)))
                .as("credited to the rep whose link it was").containsExactly(rep);
        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "你已报名这场直播"));

        // The live room reports the viewer from the browser: a join, then heartbeats.
        browser.get(base + "/live/" + event + "/room");
        wait.until(ExpectedConditions.attributeToBe(By.id("watching"), "data-state", "watching"));
        assertThat(db.sql("select source from livestream.viewing v join referral.contact c on c.id = v.contact_id where c.openid = :o")
                .bind("o", openid).map(row -> row.get("source", String.class)).all().collectList().block(Duration.ofSeconds(5)))
                .containsExactly("PAGE");
    }

    @Test
    void aProspectOpensASharedWhitepaperPassesTheGateAndGetsTheFile() throws IOException {
        long asset = id(admin.post().uri("/api/assets").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of(
                "title", "2026 B2B 数字化营销白皮书", "summary", "30 家企业的私域增长实践：获客、培育与转化。",
                "deliveryConsent", "同意鱼塘科技就本资料与我联系", "marketingConsent", "同意接收活动与产品资讯",
                "sharingConsent", "同意将我的信息提供给推荐我的伙伴")));
        byte[] file = "%PDF-1.7 whitepaper".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        admin.post().uri(builder -> builder.path("/api/assets/{a}/versions").queryParam("fileName", "数字化营销白皮书.pdf").build(asset))
                .contentType(MediaType.APPLICATION_PDF).bodyValue(file).exchange().expectStatus().isCreated();
        admin.put().uri("/api/assets/{a}", asset).contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of(
                "title", "2026 B2B 数字化营销白皮书", "summary", "30 家企业的私域增长实践：获客、培育与转化。",
                "deliveryConsent", "同意鱼塘科技就本资料与我联系", "marketingConsent", "同意接收活动与产品资讯",
                "sharingConsent", "同意将我的信息提供给推荐我的伙伴", "status", "PUBLISHED")).exchange().expectStatus().isOk();
        long campaign = id(admin.post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of(
                "name", "白皮书推广", "targetKind", "CONTENT", "targetRef", String.valueOf(asset),
                "targetUrl", base + "/c/assets/" + asset, "startsAt", Instant.now().minus(Duration.ofDays(1)).toString())));
        DatabaseClient db = app.getBean(DatabaseClient.class);
        long rep = employee(Map.of("name", "刘销售"));
        String token = shareToken(campaign, rep);
        String openid = "o-browser-" + UUID.randomUUID().toString().substring(0, 8);

        WebDriverWait wait = openSignedIn(token, openid);
        bindToHerOwnWeChat(rep, openid);

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("gate")));
        assertThat(browser.getCurrentUrl()).contains("/c/assets/" + asset).contains("st=" + token);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("2026 B2B 数字化营销白皮书");
        assertThat(browser.findElements(By.cssSelector("input[type=checkbox]"))).hasSize(3)
                .noneMatch(box -> box.isSelected());
        browser.findElement(By.id("submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".err[data-for=delivery]"), "请先阅读并同意隐私说明"));
        assertThat(browser.findElement(By.cssSelector(".err[data-for=name]")).getText()).isEqualTo("请填写姓名");
        screenshot("asset-errors");

        browser.findElement(By.name("name")).sendKeys("陈女士");
        browser.findElement(By.name("company")).sendKeys("星河制造");
        browser.findElement(By.name("phone")).sendKeys("13600136000");
        browser.findElement(By.name("delivery")).click();
        browser.findElement(By.name("sharing")).click();
        browser.findElement(By.id("submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "提交成功"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("download")));
        screenshot("asset-passed");
        String link = browser.findElement(By.id("download")).getAttribute("href");
        assertThat(link).startsWith(base + "/c/downloads/");
        assertThat(WebTestClient.bindToServer().baseUrl(base).build().get().uri(URI.create(link)).exchange()
                .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody()).isEqualTo(file);

        assertThat(db.sql("""
                        select k.sharer_id from referral.credit k join referral.conversion v on v.id = k.conversion_id
                          join referral.contact c on c.id = v.contact_id
                         where c.openid = :o and k.kind = 'LEAD' and k.role = 'REFERRER'""")
                .bind("o", openid).map(row -> row.get("sharer_id", Long.class)).all().collectList().block(Duration.ofSeconds(5)))
                .as("the lead is credited to the rep whose link it was").containsExactly(rep);
        assertThat(db.sql("""
                        select v.kind from referral.rep_signal g join referral.conversion v on v.id = g.conversion_id
                          join referral.contact c on c.id = v.contact_id
                         where g.sharer_id = :rep and c.openid = :o""")
                .bind("rep", rep).bind("o", openid).map(row -> row.get("kind", String.class)).all().collectList()
                .block(Duration.ofSeconds(5)))
                .as("her digest is planned with the lead").containsExactly("LEAD");
        assertThat(db.sql("""
                        select s.purpose || ':' || s.given as decision from referral.consent s join referral.contact c on c.id = s.contact_id
                         where c.openid = :o order by s.id""").bind("o", openid).map(row -> row.get("decision", String.class))
                .all().collectList().block(Duration.ofSeconds(5)))
                .containsExactly("CONTENT_DELIVERY:true", "MARKETING:false", "CRM_SHARING:true");
        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "你已提交过信息"));
        wait.until(ExpectedConditions.attributeContains(By.id("download"), "href", "/c/downloads/"));
    }

    @Test
    void anEmployeesArticleLinkShowsHerCardWithHerQrCodeAndTheReadingIsRecorded() throws IOException {
        long article = id(admin.post().uri("/api/articles").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of(
                "title", "一线销售如何用企业微信做私域", "summary", "三个步骤，把展会名片变成长期客户。",
                "body", "正文")));
        String avatar = (String) admin.post().uri(builder -> builder.path("/api/articles/{a}/images").queryParam("fileName", "头像.png")
                        .build(article)).contentType(MediaType.IMAGE_PNG).bodyValue(png(new Color(0x3370ff)))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("path");
        String chart = (String) admin.post().uri(builder -> builder.path("/api/articles/{a}/images").queryParam("fileName", "图表.png")
                        .build(article)).contentType(MediaType.IMAGE_PNG).bodyValue(png(new Color(0x07c160)))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("path");
        admin.put().uri("/api/articles/{a}", article).contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of(
                "title", "一线销售如何用企业微信做私域", "summary", "三个步骤，把展会名片变成长期客户。",
                "body", "## 第一步：加好友\n\n展会当天就**加上企业微信**，备注行业与需求。\n\n![增长曲线](" + chart + ")\n\n"
                        + "## 第二步：分享内容\n\n每周分享一篇有用的文章。<script>alert('x')</script>\n\n"
                        + "## 第三步：邀请直播\n\n把意向客户邀请到直播间，现场答疑。",
                "status", "PUBLISHED", "callToAction", Map.of("kind", "LIVE_EVENT", "id", 1, "label", "报名公开课")))
                .exchange().expectStatus().isOk();
        long campaign = id(admin.post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of(
                "name", "私域文章推广", "targetKind", "CONTENT", "targetRef", "article:" + article,
                "targetUrl", base + "/c/articles/" + article, "startsAt", Instant.now().minus(Duration.ofDays(1)).toString())));
        DatabaseClient db = app.getBean(DatabaseClient.class);
        long rep = employee(Map.of("name", "林晓雯", "title", "大客户经理",
                        "department", "华东销售部", "avatarUrl", base + avatar));
        String token = shareToken(campaign, rep);
        String openid = "o-browser-" + UUID.randomUUID().toString().substring(0, 8);

        WebDriverWait wait = openSignedIn(token, openid);

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("card")));
        assertThat(browser.getCurrentUrl()).contains("/c/articles/" + article).contains("st=" + token);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("一线销售如何用企业微信做私域");
        assertThat(browser.findElement(By.cssSelector(".body h2")).getText()).isEqualTo("第一步：加好友");
        assertThat(browser.findElements(By.cssSelector(".body script"))).isEmpty();
        screenshot("article-top");
        WebElement card = browser.findElement(By.id("card"));
        assertThat(card.findElement(By.className("name")).getText()).isEqualTo("林晓雯");
        assertThat(card.findElement(By.className("title")).getText()).isEqualTo("大客户经理");
        assertThat(card.findElement(By.className("org")).getText()).isEqualTo("华东销售部");
        assertThat(browser.findElement(By.id("cta")).getAttribute("href")).endsWith("/live/1?st=" + token);
        JavascriptExecutor script = (JavascriptExecutor) browser;
        script.executeScript("window.scrollTo(0, document.documentElement.scrollHeight)");
        wait.until(driver -> (Boolean) script.executeScript(
                "var q = document.getElementById('card-qr'), a = document.querySelector('#card .avatar');"
                        + " return q.complete && q.naturalWidth > 0 && a.complete && a.naturalWidth > 0;"));
        assertThat(card.findElement(By.id("card-qr")).getAttribute("src")).contains("/cgi-bin/showqrcode?ticket=");
        screenshot("article-card");

        // Leaving the page sends the reading beacon (pagehide): her visit is recorded, scrolled to the end.
        browser.get(base + "/wechat/oauth/viewer");
        wait.until(driver -> db.sql("""
                        select r.scroll_percent from content.article_read r join referral.contact c on c.id = r.contact_id
                         where c.openid = :o and r.article_id = :a""").bind("o", openid).bind("a", article)
                .map(row -> row.get("scroll_percent", Integer.class)).all().collectList().block(Duration.ofSeconds(5))
                .stream().anyMatch(scroll -> scroll == 100));
        assertThat(db.sql("select share_token from content.article_read r join referral.contact c on c.id = r.contact_id where c.openid = :o")
                .bind("o", openid).map(row -> row.get("share_token", String.class)).all().collectList().block(Duration.ofSeconds(5)))
                .containsExactly(token);
    }

    /** Imports an employee with these fields (besides kind and external id); their sharer id. */
    /**
     * Binds the employee to a WeChat user of her own on the sandbox's account (the prospect's, whose
     * AppID the sandbox made at start), as her binding link would, so that her digest hears of her prospects.
     */
    private static void bindToHerOwnWeChat(long sharer, String prospectOpenid) {
        DatabaseClient db = app.getBean(DatabaseClient.class);
        String appId = db.sql("select app_id from referral.contact where openid = :o").bind("o", prospectOpenid)
                .map(row -> row.get("app_id", String.class)).one().block(Duration.ofSeconds(5));
        String url = (String) admin.post().uri("/api/sharers/{s}/binding-links", sharer).exchange().expectStatus().is2xxSuccessful()
                .expectBody(MAP).returnResult().getResponseBody().get("url");
        ContactId her = app.getBean(Contacts.class).seen(new WeChatUser(appId, "o-rep-" + sharer), Instant.now())
                .block(Duration.ofSeconds(5));
        app.getBean(Sharers.class).bind(url.substring(url.lastIndexOf('/') + 1), her).block(Duration.ofSeconds(5));
    }

    private static long employee(Map<String, Object> fields) {
        String external = "E-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> row = new java.util.HashMap<>(fields);
        row.put("kind", "EMPLOYEE");
        row.put("externalId", external);
        admin.post().uri("/api/sharers").contentType(MediaType.APPLICATION_JSON).bodyValue(List.of(row))
                .exchange().expectStatus().isOk();
        return app.getBean(DatabaseClient.class).sql("select id from referral.sharer where external_id = :e").bind("e", external)
                .map(found -> found.get("id", Long.class)).one().block(Duration.ofSeconds(5));
    }

    private static String shareToken(long campaign, long sharer) {
        return (String) admin.post().uri("/api/campaigns/{c}/share-links", campaign).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("sharerId", sharer)).exchange().expectStatus().is2xxSuccessful()
                .expectBody(MAP).returnResult().getResponseBody().get("token");
    }

    /** A fresh browser opens the share link and signs in as {@code openid} on the sandbox's stand-in for WeChat's authorize page. */
    private static WebDriverWait openSignedIn(String token, String openid) {
        browser.manage().deleteAllCookies();
        browser.get(base + "/s/" + token);
        WebDriverWait wait = Chromium.waitUpTo(browser, Duration.ofSeconds(15));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("openid")));
        browser.findElement(By.id("openid")).clear();
        browser.findElement(By.id("openid")).sendKeys(openid);
        browser.findElement(By.cssSelector("#f button")).click();
        return wait;
    }

    /** A small PNG of one colour with a white disc: an avatar or a chart for the article. */
    private static byte[] png(Color colour) throws IOException {
        BufferedImage image = new BufferedImage(240, 160, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, 240, 160);
        g.setColor(Color.WHITE);
        g.fillOval(80, 40, 80, 80);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static void screenshot(String name) throws IOException {
        Chromium.screenshot(browser, name);
    }

    private static long id(WebTestClient.RequestHeadersSpec<?> request) {
        return ((Number) request.exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody()
                .get("id")).longValue();
    }
}

package io.yutang.gateway.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.TestAccount;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import reactor.core.scheduler.Schedulers;
import reactor.core.publisher.Flux;

/**
 * The employee's pages (我的推广) in a real headless Chromium on a phone-sized window, in sandbox
 * mode: an employee not yet bound is told kindly she has no campaigns; she binds her WeChat through
 * her binding link, opens {@code /my}, sees the campaign,
 * opens it and sees her poster; prospects scan her code through the sandbox and one registers
 * through her link; her page then shows the same figures as her standing's JSON, and the
 * registration among her prospects' steps. Screenshots are kept in {@code target/screenshots/}.
 */
class MyPagesBrowserIntegrationTest {

    static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() { };
    static final List<String> METRICS = List.of("SCANS", "FOLLOWS", "REGISTRATIONS", "ATTENDEES", "LEADS", "QUALIFIED_LEADS");
    static SandboxSite site;
    static ConfigurableApplicationContext app;
    static WebTestClient admin;
    static WebTestClient anyone;
    static String base;
    static WebDriver browser;

    @BeforeAll
    static void startSandboxAndBrowser() throws IOException {
        site = SandboxSite.start("my-browser:");
        app = site.app();
        base = site.base();
        anyone = WebTestClient.bindToServer().baseUrl(base).responseTimeout(Duration.ofSeconds(20)).build();
        admin = anyone.mutate().defaultHeaders(h -> h.setBasicAuth("admin", TestAccount.ADMIN_PASSWORD)).build();
        browser = Chromium.phone();
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
    void anEmployeeSeesHerPosterHerResultsAsTheApiCountsThemAndHerProspectsSteps() throws IOException {
        String batch = UUID.randomUUID().toString().substring(0, 6);
        Instant start = Instant.now().plus(Duration.ofDays(3));
        long event = id(admin.post().uri("/api/events").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of(
                "title", "制造业数字化直播课 " + batch, "startsAt", start.toString(),
                "endsAt", start.plus(Duration.ofHours(1)).toString(),
                "status", "OPEN", "consentText", "我们将按隐私政策使用你的信息发送直播提醒。")));
        String name = "制造业直播课推广 " + batch;
        long campaign = id(admin.post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of(
                "name", name, "targetKind", "LIVE_EVENT", "targetRef", String.valueOf(event),
                "targetUrl", base + "/live/" + event, "startsAt", Instant.now().minus(Duration.ofDays(1)).toString())));
        long rep = employee("林晓雯", "华东销售部");
        String repOpenid = "o-rep-" + batch;

        // Before she is bound, her WeChat is nobody's: the page says so, kindly.
        WebDriverWait wait = signedIn(base + "/my", repOpenid);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("no-campaigns")));
        assertThat(browser.findElement(By.cssSelector("#no-campaigns h2")).getText()).isEqualTo("你还没有可以推广的活动");
        screenshot("my-not-a-sharer");

        // She opens her binding link in WeChat: signed in on the sandbox's authorize page, bound, then on to her page.
        String binding = (String) admin.post().uri("/api/sharers/{s}/binding-links", rep).exchange()
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("url");
        wait = signedIn(base + URI.create(binding).getPath(), repOpenid);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("my"))).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("campaigns")));
        assertThat(browser.getTitle()).isEqualTo("我的推广");
        WebElement listed = browser.findElement(By.cssSelector("a[data-campaign='" + campaign + "']"));
        assertThat(listed.findElement(By.className("name")).getText()).isEqualTo(name);
        assertThat(listed.findElement(By.className("meta")).getText()).startsWith("直播");
        screenshot("my-campaigns");
        listed.click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("my-poster")));
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/my/campaigns/" + campaign);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(name);
        awaitPoster(wait, campaign);
        assertThat(browser.findElement(By.cssSelector("#my-prospects .empty")).getText()).startsWith("还没有客户动态");
        Map<String, Object> link = anyone.get().uri("/my/campaigns/{c}/share-link", campaign)
                .cookie("YUTANG_SESSION", session()).exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(browser.findElement(By.id("my-link")).getText()).isEqualTo(link.get("url"));
        screenshot("my-campaign-new");

        // Two prospects scan her poster's code (WeChat's server, played by the sandbox); one registers through her link.
        String scene = ((String) link.get("sceneUrl")).replaceFirst(".*/sandbox-", "");
        String registrant = "o-lead-" + batch;
        for (String prospect : List.of(registrant, "o-scan-" + batch)) {
            anyone.post().uri("/sandbox/api/actions").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("type", "SCAN", "openid", prospect, "scene", scene))
                    .exchange().expectStatus().isOk();
        }
        WebDriverWait prospect = signedIn(base + "/s/" + link.get("token"), registrant);
        prospect.until(ExpectedConditions.visibilityOfElementLocated(By.id("registration")));
        browser.findElement(By.name("name")).sendKeys("李女士");
        browser.findElement(By.name("company")).sendKeys("鱼塘科技");
        browser.findElement(By.name("consent")).click();
        browser.findElement(By.id("register")).click();
        prospect.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "报名成功"));

        // Back in her own WeChat: her page, after the silent sign-in.
        wait = signedIn(base + "/my/campaigns/" + campaign, repOpenid);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("my-results")));
        wait.until(driver -> {
            if ("1".equals(value("REGISTRATIONS")) && "2".equals(value("FOLLOWS"))
                    && !browser.findElements(By.cssSelector("#my-prospects .step[data-step=REGISTRATION]")).isEmpty()) {
                return true;
            }
            driver.navigate().refresh();
            return false;
        });
        awaitPoster(wait, campaign);
        Map<String, Object> standing = anyone.get().uri("/my/campaigns/{c}/standing", campaign)
                .cookie("YUTANG_SESSION", session()).exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(standing).containsKeys("SCANS", "FOLLOWS", "REGISTRATIONS");
        for (String metric : METRICS) {
            Map<?, ?> entry = (Map<?, ?>) standing.get(metric);
            assertThat(value(metric)).as(metric).isEqualTo(entry == null ? "0" : String.valueOf(entry.get("score")));
            assertThat(browser.findElement(By.cssSelector("[data-metric=" + metric + "] .rank")).getText()).as(metric + "'s rank")
                    .isEqualTo(entry == null ? "暂无排名" : "第 " + entry.get("rank") + " 名");
        }
        assertThat(value("SCANS")).isEqualTo("2");
        Map<String, Object> subtree = anyone.get().uri("/my/campaigns/{c}/subtree", campaign)
                .cookie("YUTANG_SESSION", session()).exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(value("TOTAL")).isEqualTo(String.valueOf(subtree.get("total"))).isEqualTo("2");
        assertThat(browser.findElement(By.cssSelector("#my-results h2")).getText()).isEqualTo("我的成绩");
        screenshot("my-campaign-results");

        WebElement registered = browser.findElement(By.cssSelector("#my-prospects .step[data-step=REGISTRATION]"));
        assertThat(registered.findElement(By.className("who")).getText()).as("named as she gave her name on the form").isEqualTo("李女士");
        assertThat(registered.findElement(By.className("what")).getText()).isEqualTo("报名了直播");
        assertThat(registered.findElement(By.className("when")).getText()).matches("\\d{1,2}月\\d{1,2}日 \\d{2}:\\d{2}");
        assertThat(browser.findElements(By.cssSelector("#my-prospects .step[data-step=FOLLOW]"))).hasSize(2);
        ((JavascriptExecutor) browser).executeScript("document.getElementById('my-prospects').scrollIntoView()");
        screenshot("my-campaign-prospects");
    }

    @Test
    void aProspectSeesWhatIsHeldWithdrawsMarketingAndAsksForErasureOnMyPrivacy() throws IOException {
        String batch = UUID.randomUUID().toString().substring(0, 6);
        Instant start = Instant.now().plus(Duration.ofDays(3));
        long event = id(admin.post().uri("/api/events").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of(
                "title", "隐私页直播课 " + batch, "startsAt", start.toString(), "endsAt", start.plus(Duration.ofHours(1)).toString(),
                "status", "OPEN", "consentText", "我们将按隐私政策使用你的信息发送直播提醒。",
                "registrationFields", List.of(Map.of("key", "name", "required", true)))));
        String openid = "o-privacy-" + batch;
        WebDriverWait wait = signedIn(base + "/live/" + event, openid);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("registration")));
        anyone.put().uri("/my/events/{e}/registration", event).cookie("YUTANG_SESSION", session())
                .header("X-CSRF-TOKEN", browser.findElement(By.cssSelector("meta[name=csrf-token]")).getAttribute("content"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("answers", Map.of("name", "隐私测试"), "consent", true))
                .exchange().expectStatus().isOk();

        browser.get(base + "/my/privacy");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("purposes")));
        assertThat(browser.getTitle()).isEqualTo("我的隐私");
        assertThat(browser.findElement(By.cssSelector("[data-table='livestream/registrations'] .n")).getText())
                .as("what is held, as counted").isEqualTo("1 条");
        assertThat(browser.findElement(By.cssSelector("[data-purpose=REMINDERS] .state")).getText())
                .as("registering with the consent ticked gave it").isEqualTo("已同意");
        assertThat(browser.findElement(By.cssSelector("[data-table='referral/contact'] td:nth-child(2)"))
                .getText()).isEqualTo("微信资料");
        WebElement marketing = browser.findElement(By.cssSelector("[data-purpose=MARKETING]"));
        assertThat(marketing.findElement(By.className("state")).getText()).isEqualTo("未选择");
        screenshot("my-privacy");

        marketing.findElement(By.className("decide")).click();
        // The page reloads with the new state.
        wait.until(ExpectedConditions.stalenessOf(marketing));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("purposes")));
        wait.until(driver -> driver.findElement(By.cssSelector("[data-purpose=MARKETING] .state")).getText().equals("已撤回"));
        assertThat(browser.findElement(By.cssSelector("[data-purpose=MARKETING] .decide")).getText()).isEqualTo("同意");
        long contact = app.getBean(DatabaseClient.class).sql("select id from referral.contact where openid = :o").bind("o", openid)
                .map(found -> found.get("id", Long.class)).one().block(Duration.ofSeconds(5));
        admin.get().uri("/api/privacy/contacts/{c}/consents", contact).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.purpose == 'MARKETING')].given").isEqualTo(false)
                .jsonPath("$[?(@.purpose == 'MARKETING')].source").isEqualTo("page:/my/privacy")
                .jsonPath("$[?(@.purpose == 'MARKETING')].text").isEqualTo("我撤回同意：不再接收营销消息与销售跟进。");

        browser.findElement(By.id("erase-button")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(driver -> !driver.findElement(By.id("status")).getText().isEmpty());
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("删除请求已提交，几秒钟内完成。");
        screenshot("my-privacy-erasure");
        Boolean erased = Flux.interval(Duration.ofMillis(200)).onBackpressureDrop().publishOn(Schedulers.boundedElastic(), 1)
                .map(tick -> app.getBean(DatabaseClient.class).sql("select erased_at is not null as erased from referral.contact where id = :c")
                        .bind("c", contact).map(found -> found.get("erased", Boolean.class)).one().block(Duration.ofSeconds(5)))
                .filter(Boolean::booleanValue).blockFirst(Duration.ofSeconds(30));
        assertThat(erased).as("erased within seconds").isTrue();
        // (That the erased person is signed out is ErasureIntegrationTest's: here the erasure may be run by another
        // app of this test JVM, whose sessions live under another Redis prefix.)
    }

    private static String value(String metric) {
        return browser.findElement(By.cssSelector("[data-metric=" + metric + "] .value")).getText();
    }

    /** Her poster is a plain image (WeChat's long press saves or sends it), and it loaded. */
    private static void awaitPoster(WebDriverWait wait, long campaign) {
        JavascriptExecutor script = (JavascriptExecutor) browser;
        wait.until(driver -> (Boolean) script.executeScript(
                "var p = document.getElementById('poster'); return p.complete && p.naturalWidth > 0;"));
        assertThat(browser.findElement(By.id("poster")).getTagName()).isEqualTo("img");
        assertThat(browser.findElement(By.id("poster")).getAttribute("src")).isEqualTo(base + "/my/campaigns/" + campaign + "/poster");
    }

    /** The browser's session, for asking the JSON API as the person signed in. */
    private static String session() {
        return browser.manage().getCookieNamed("YUTANG_SESSION").getValue();
    }

    /** A fresh browser opens {@code url} and signs in as {@code openid} on the sandbox's stand-in for WeChat's authorize page. */
    private static WebDriverWait signedIn(String url, String openid) {
        browser.manage().deleteAllCookies();
        browser.get(url);
        WebDriverWait wait = Chromium.waitUpTo(browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("openid")));
        browser.findElement(By.id("openid")).clear();
        browser.findElement(By.id("openid")).sendKeys(openid);
        browser.findElement(By.cssSelector("#f button")).click();
        return wait;
    }

    private static long employee(String name, String department) {
        String external = "E-" + UUID.randomUUID().toString().substring(0, 8);
        admin.post().uri("/api/sharers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(Map.of("kind", "EMPLOYEE", "externalId", external, "name", name, "department", department)))
                .exchange().expectStatus().isOk();
        return app.getBean(DatabaseClient.class).sql("select id from referral.sharer where external_id = :e").bind("e", external)
                .map(found -> found.get("id", Long.class)).one().block(Duration.ofSeconds(5));
    }

    private static void screenshot(String name) throws IOException {
        Chromium.screenshot(browser, name);
    }

    private static long id(WebTestClient.RequestHeadersSpec<?> request) {
        return ((Number) request.exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody()
                .get("id")).longValue();
    }
}

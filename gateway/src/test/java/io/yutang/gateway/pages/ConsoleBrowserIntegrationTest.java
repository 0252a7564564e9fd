package io.yutang.gateway.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.TestAccount;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The console in a real headless Chromium, in sandbox mode: a marketer signs in, imports sharers
 * (one bad row shown with its error), creates a campaign, makes a rep's link and poster, watches the
 * leaderboard change as prospects follow through the sandbox, and reads the referral graph through
 * ECharts' own API. Screenshots of each page are kept in {@code target/screenshots/}.
 */
class ConsoleBrowserIntegrationTest {

    static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() { };
    static SandboxSite site;
    static ConfigurableApplicationContext app;
    static WebTestClient admin;
    static String base;
    static WebDriver browser;

    @BeforeAll
    static void startSandboxAndBrowser() throws IOException {
        site = SandboxSite.start("console:");
        app = site.app();
        base = site.base();
        admin = WebTestClient.bindToServer().baseUrl(base).responseTimeout(Duration.ofSeconds(10))
                .defaultHeaders(h -> h.setBasicAuth("admin", TestAccount.ADMIN_PASSWORD)).build();
        browser = Chromium.start(1280, 900, "zh-CN,zh");
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
    void aMarketerRunsACampaignInTheConsoleAndWatchesItsBoardAndGraphGrow() throws IOException {
        String marketer = "marketer-" + UUID.randomUUID().toString().substring(0, 8);
        admin.post().uri("/api/staff-users").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("username", marketer,
                "displayName", "市场部 小周", "password", "marketer-password-1", "roles", List.of("MARKETER")))
                .exchange().expectStatus().isCreated();
        WebDriverWait wait = Chromium.waitUpTo(browser, Duration.ofSeconds(20));
        signedOut();

        // Sign in: a wrong password is said on the page, the right one opens the overview.
        browser.get(base + "/console");
        wait.until(ExpectedConditions.urlContains("/console/sign-in"));
        browser.findElement(By.id("username")).sendKeys(marketer);
        browser.findElement(By.id("password")).sendKeys("wrong-password");
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sign-in-error"), "用户名或密码不对"));
        browser.findElement(By.id("username")).sendKeys(marketer);
        browser.findElement(By.id("password")).sendKeys("marketer-password-1");
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("me"), marketer));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-today=follows]")));
        assertThat(browser.findElements(By.cssSelector("header nav a")).stream().map(a -> a.getText()).toList())
                .contains("概览", "推广活动", "推广人", "直播活动").doesNotContain("员工与令牌");
        Chromium.screenshot(browser, "console-overview-before");

        // Import sharers: the bad row is shown with its error, the good ones are imported.
        String tag = UUID.randomUUID().toString().substring(0, 6);
        browser.get(base + "/console/sharers");
        String csv = "kind,externalId,name,title,department,company,managerExternalId,avatarUrl\n"
                + "EMPLOYEE,E-" + tag + "-1,周销售" + tag + ",大客户经理,华东销售部,,,\n"
                + "EMPLOYEE,E-" + tag + "-2,吴销售" + tag + ",销售经理,华北销售部,,,\n"
                + "EMPLOYEE,,没有工号,,,,,\n";
        ((JavascriptExecutor) browser).executeScript("document.getElementById('csv').value = arguments[0];", csv);
        browser.findElement(By.id("import")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("importResult"), "新增 2 人"));
        assertThat(browser.findElement(By.cssSelector("#rowErrors tr[data-row='4']")).getText()).contains("externalId").contains("必填");
        Chromium.screenshot(browser, "console-sharers-import");

        // Create a campaign through its form.
        browser.get(base + "/console/campaigns/new");
        wait.until(driver -> driver.findElements(By.cssSelector("form#campaign[data-loading]")).isEmpty());
        browser.findElement(By.id("name")).sendKeys("双十二公开课 " + tag);
        new Select(browser.findElement(By.id("targetKind"))).selectByValue("FOLLOW");
        browser.findElement(By.id("save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "活动已创建"));
        long campaign = Long.parseLong(browser.getCurrentUrl().replaceAll(".*/console/campaigns/(\\d+).*", "$1"));
        assertThat(admin.get().uri("/api/campaigns/{id}", campaign).exchange().expectBody(MAP).returnResult().getResponseBody())
                .containsEntry("name", "双十二公开课 " + tag).containsEntry("targetKind", "FOLLOW");

        // The rep's link and poster, from the campaign's page.
        long rep = sharerId("E-" + tag + "-1");
        browser.findElement(By.id("sharerSearch")).sendKeys("周销售" + tag);
        browser.findElement(By.id("findSharer")).click();
        // The list is redrawn when the search answers: click the row's button in the list as it stands.
        wait.ignoring(StaleElementReferenceException.class).until(driver -> {
            List<WebElement> rows = driver.findElements(By.cssSelector("#sharerRows tr"));
            if (rows.size() != 1) {
                return false;
            }
            rows.get(0).findElement(By.cssSelector("tr[data-sharer='" + rep + "'] button[data-poster], button[data-poster='" + rep + "']")).click();
            return true;
        });
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-sharer='" + rep + "'] td.link"), "/s/"));
        wait.until(driver -> ((Number) ((JavascriptExecutor) driver).executeScript(
                "const p = document.getElementById('poster'); return p && p.complete ? p.naturalWidth : 0;")).intValue() > 0);
        Chromium.screenshot(browser, "console-campaign");

        // The board, live: prospects follow through the sandbox while the page stays open.
        browser.get(base + "/console/campaigns/" + campaign + "/boards");
        wait.until(ExpectedConditions.attributeToBe(By.id("live"), "data-state", "live"));
        ((JavascriptExecutor) browser).executeScript("window.stillTheSamePage = true;");
        String scene = scene(campaign, rep);
        for (int i = 0; i < 3; i++) {
            admin.post().uri("/sandbox/api/actions").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("type", "SCAN", "openid", "o-console-" + tag + "-" + i, "scene", scene))
                    .exchange().expectStatus().is2xxSuccessful();
        }
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-member='" + rep + "'] .score"), "3"));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.stillTheSamePage === true;"))
                .as("updated without a reload").isEqualTo(true);
        assertThat(browser.findElement(By.cssSelector("tr[data-member='" + rep + "']")).getText()).contains("周销售" + tag);
        Chromium.screenshot(browser, "console-leaderboard");

        // The referral graph holds the rep and her three prospects, as ECharts itself says.
        browser.get(base + "/console/campaigns/" + campaign + "/tree");
        wait.until(driver -> driver.findElements(By.cssSelector("#graph[data-loading]")).isEmpty());
        @SuppressWarnings("unchecked")
        Map<String, Object> graph = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript("""
                const series = echarts.getInstanceByDom(document.getElementById('graph')).getOption().series[0];
                return {nodes: series.data.map(n => n.id), links: series.links.map(l => l.source + '>' + l.target)};""");
        assertThat((List<Object>) graph.get("nodes")).hasSize(4).contains("s" + rep);
        assertThat((List<Object>) graph.get("links")).hasSize(3).allSatisfy(link -> assertThat(link.toString()).startsWith("s" + rep + ">c"));
        assertThat(browser.findElement(By.id("summary")).getText()).contains("3 人").contains("1 位推广人");
        Chromium.screenshot(browser, "console-graph");

        // Too big to draw whole (here: at most 2 nodes): the rep's branch is a count, opened by a click on her node.
        browser.get(base + "/console/campaigns/" + campaign + "/tree?whole=2");
        wait.until(driver -> driver.findElements(By.cssSelector("#graph[data-loading]")).isEmpty());
        @SuppressWarnings("unchecked")
        List<Object> collapsed = (List<Object>) ((JavascriptExecutor) browser).executeScript(
                "return echarts.getInstanceByDom(document.getElementById('graph')).getOption().series[0].data.map(n => n.name);");
        assertThat(collapsed).containsExactly("周销售" + tag + " (+3)");
        @SuppressWarnings("unchecked")
        List<Number> at = (List<Number>) ((JavascriptExecutor) browser).executeScript("""
                const chart = echarts.getInstanceByDom(document.getElementById('graph'));
                const layout = chart.getModel().getSeriesByIndex(0).getData().getItemLayout(0);
                const [x, y] = chart.convertToPixel({seriesIndex: 0}, layout);
                return [x - chart.getWidth() / 2, y - chart.getHeight() / 2];""");
        new Actions(browser).moveToElement(browser.findElement(By.id("graph")), at.get(0).intValue(), at.get(1).intValue()).click().perform();
        wait.until(driver -> ((Number) ((JavascriptExecutor) driver).executeScript(
                "return echarts.getInstanceByDom(document.getElementById('graph')).getOption().series[0].data.length;")).intValue() == 4);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("nodeTotal"), "3"));

        // A prospect's own page: who brought her, as the attribution decided.
        long prospect = contactId("o-console-" + tag + "-0");
        browser.get(base + "/console/contacts/" + prospect);
        wait.until(driver -> driver.findElements(By.cssSelector("#card[data-loading]")).isEmpty());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("decisions"), "周销售" + tag));
        assertThat(browser.findElement(By.id("decisions")).getText()).contains("FOLLOW").contains("CREDITED");
        assertThat(browser.findElement(By.id("title")).getText()).endsWith("#" + prospect);

        // The funnel and the overview count the same three people.
        browser.get(base + "/console/campaigns/" + campaign + "/funnel");
        wait.until(driver -> driver.findElements(By.cssSelector("#groups[data-loading]")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#groups td[data-step=SCANNED] b")).getText()).isEqualTo("3");
        assertThat(browser.findElement(By.cssSelector("#groups td[data-step=FOLLOWED] b")).getText()).isEqualTo("3");
        Chromium.screenshot(browser, "console-funnel");
        browser.get(base + "/console");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-today=follows]")));
        assertThat(Integer.parseInt(browser.findElement(By.cssSelector("[data-today=follows]")).getText())).isGreaterThanOrEqualTo(3);
        Chromium.screenshot(browser, "console-overview");

        // Staff pages are for admins: the marketer is told so.
        browser.get(base + "/console/staff");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("refused"), "无权访问"));
    }

    @Test
    void aMarketerPublishesAWhitepaperWithItsFileAndSeesItListed() throws IOException {
        signInAsAdmin();
        WebDriverWait wait = Chromium.waitUpTo(browser, Duration.ofSeconds(20));
        browser.get(base + "/console/assets/new");
        String title = "B2B 增长白皮书 " + UUID.randomUUID().toString().substring(0, 6);
        browser.findElement(By.id("assetTitle")).sendKeys(title);
        browser.findElement(By.id("deliveryConsent")).sendKeys("同意鱼塘科技就本资料与我联系");
        browser.findElement(By.cssSelector("form#asset button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "已创建"));
        long asset = Long.parseLong(browser.getCurrentUrl().replaceAll(".*/console/assets/(\\d+).*", "$1"));
        wait.until(driver -> driver.findElements(By.cssSelector("form#asset[data-loading]")).isEmpty());

        java.nio.file.Path pdf = java.nio.file.Files.createTempFile("whitepaper", ".pdf");
        java.nio.file.Files.writeString(pdf, "%PDF-1.7 whitepaper");
        browser.findElement(By.id("file")).sendKeys(pdf.toAbsolutePath().toString());
        browser.findElement(By.id("upload")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("versions"), "v1"));
        new Select(browser.findElement(By.id("status"))).selectByValue("PUBLISHED");
        browser.findElement(By.cssSelector("form#asset button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "已保存"));
        assertThat(admin.get().uri("/api/assets/{id}", asset).exchange().expectBody(MAP).returnResult().getResponseBody())
                .containsEntry("status", "PUBLISHED").containsEntry("title", title);
        assertThat(browser.findElement(By.cssSelector("[data-measure=leads] .n")).getText()).isEqualTo("0");

        browser.get(base + "/console/content");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-asset='" + asset + "']"), "已发布"));
        assertThat(browser.findElement(By.cssSelector("tr[data-asset='" + asset + "']")).getText()).contains(title).contains(pdf.getFileName().toString());
        browser.get(base + "/console/leads");
        wait.until(driver -> driver.findElements(By.cssSelector("#leads[data-loading]")).isEmpty());
        browser.get(base + "/console/scoring");
        wait.until(driver -> driver.findElements(By.cssSelector("#rules[data-loading]")).isEmpty());
        assertThat(browser.findElement(By.id("inForce")).getText()).contains("合格线索");
        assertThat(browser.findElements(By.cssSelector("#rules tr[data-behaviour]"))).isNotEmpty();
    }

    @Test
    void aMarketerCreatesALiveEventAndReadsItsReport() throws IOException {
        signInAsAdmin();
        WebDriverWait wait = Chromium.waitUpTo(browser, Duration.ofSeconds(20));
        browser.get(base + "/console/events/new");
        String title = "制造业数字化直播 " + UUID.randomUUID().toString().substring(0, 6);
        browser.findElement(By.id("eventTitle")).sendKeys(title);
        JavascriptExecutor script = (JavascriptExecutor) browser;
        script.executeScript("document.getElementById('startsAt').value = '2031-03-05T14:00';"
                + "document.getElementById('endsAt').value = '2031-03-05T15:30';");
        browser.findElement(By.id("capacity")).sendKeys("2");
        new Select(browser.findElement(By.id("status"))).selectByValue("OPEN");
        browser.findElement(By.cssSelector("form#event button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "直播已创建"));
        long event = Long.parseLong(browser.getCurrentUrl().replaceAll(".*/console/events/(\\d+).*", "$1"));
        Map<String, Object> stored = admin.get().uri("/api/events/{id}", event).exchange().expectBody(MAP).returnResult().getResponseBody();
        assertThat(stored).containsEntry("title", title).containsEntry("capacity", 2).containsEntry("status", "OPEN")
                .containsEntry("startsAt", "2031-03-05T06:00:00Z").containsEntry("endsAt", "2031-03-05T07:30:00Z");

        wait.until(driver -> driver.findElements(By.cssSelector("form#event[data-loading]")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("[data-measure=registered] .n")).getText()).isEqualTo("0");
        assertThat(browser.findElement(By.id("startsAt")).getAttribute("value")).as("shown in China time").isEqualTo("2031-03-05T14:00");
        browser.findElement(By.id("capacity")).clear();
        browser.findElement(By.id("capacity")).sendKeys("300");
        browser.findElement(By.cssSelector("form#event button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "已保存"));
        assertThat(admin.get().uri("/api/events/{id}", event).exchange().expectBody(MAP).returnResult().getResponseBody())
                .containsEntry("capacity", 300).containsEntry("title", title);
        Chromium.screenshot(browser, "console-event");
        browser.get(base + "/console/events");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-event='" + event + "']"), "开放报名"));
    }

    /** Forgets any session an earlier test left (cookies are per site, so on the site). */
    private static void signedOut() {
        browser.get(base + "/actuator/health");
        browser.manage().deleteAllCookies();
    }

    private static void signInAsAdmin() {
        signedOut();
        browser.get(base + "/console/sign-in");
        browser.findElement(By.id("username")).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys(TestAccount.ADMIN_PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        Chromium.waitUpTo(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("me"), "admin"));
    }

    private static long sharerId(String externalId) {
        Map<String, Object> page = admin.get().uri(builder -> builder.path("/api/sharers").queryParam("externalId", externalId).build())
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        return ((Number) ((Map<?, ?>) ((List<?>) page.get("items")).get(0)).get("id")).longValue();
    }

    private static long contactId(String openid) {
        List<?> found = admin.get().uri(builder -> builder.path("/api/contacts").queryParam("openid", openid).build())
                .exchange().expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
        return ((Number) ((Map<?, ?>) found.get(0)).get("id")).longValue();
    }

    private static String scene(long campaign, long sharer) {
        Map<String, Object> link = admin.post().uri("/api/campaigns/{id}/share-links", campaign).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("sharerId", sharer)).exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        String sceneUrl = (String) link.get("sceneUrl");
        return sceneUrl.substring(sceneUrl.lastIndexOf("sandbox-") + "sandbox-".length());
    }
}

package io.yutang.gateway.pages;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's headless Chromium for the page tests and the console's screenshot tour. */
final class Chromium {

    private Chromium() {
    }

    /** Where screenshots go: {@code target/screenshots/}, or the directory in {@code -Dyutang.screenshots=…}. */
    static final Path SCREENSHOTS = Path.of(System.getProperty("yutang.screenshots", "target/screenshots"));

    /** A fresh desktop browser (own profile) with a window of this size, asking for pages in {@code languages}. */
    static WebDriver start(int width, int height, String languages) throws IOException {
        return start(width, height, languages, false);
    }

    /** A fresh phone-sized browser as WeChat's on an iPhone shows pages (390×844 CSS pixels, twice as dense), in Chinese. */
    static WebDriver phone() throws IOException {
        return start(390, 844, "zh-CN,zh", true);
    }

    private static WebDriver start(int width, int height, String languages, boolean phone) throws IOException {
        File chromium = new File("/usr/bin/chromium");
        File driver = new File("/usr/bin/chromedriver");
        if (!chromium.exists() || !driver.exists()) {
            throw new IllegalStateException("Debian's chromium and chromium-driver are needed (.ci/run installs them)");
        }
        ChromeOptions options = new ChromeOptions().setBinary(chromium);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", languages));
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        if (phone) {
            options.setExperimentalOption("mobileEmulation",
                    Map.of("deviceMetrics", Map.of("width", width, "height", height, "pixelRatio", 2.0)));
        }
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=" + width + "," + height, "--lang=" + languages.split(",")[0],
                "--user-data-dir=" + Files.createTempDirectory("yutang-chromium"));
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort().build(), options);
    }

    /**
     * A wait of up to {@code timeout} that, like Selenium's own waits do for a stale element, tries again
     * when the page's script replaced the element between finding it and reading it: Chromium reports that
     * race as an "unknown error" ("Node with given id does not belong to the document"), which Selenium's
     * conditions do not catch.
     */
    static WebDriverWait waitUpTo(WebDriver browser, Duration timeout) {
        return new WebDriverWait(browser, timeout) {
            @Override
            public <V> V until(Function<? super WebDriver, ? extends V> condition) {
                return super.until(driver -> {
                    try {
                        return condition.apply(driver);
                    } catch (WebDriverException e) {
                        if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                            return null;
                        }
                        throw e;
                    }
                });
            }
        };
    }

    /** What the page's scripts logged or threw, one line each (for a failing test's message). */
    static String consoleLog(WebDriver browser) {
        StringBuilder lines = new StringBuilder();
        browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)
                .forEach(entry -> lines.append(entry.getLevel()).append(' ').append(entry.getMessage()).append('\n'));
        return lines.toString();
    }

    /** Saves what the browser shows as {@code <name>.png} in {@link #SCREENSHOTS}. */
    static Path screenshot(WebDriver browser, String name) throws IOException {
        return screenshot(browser, SCREENSHOTS, name);
    }

    /** Saves what the browser shows as {@code <dir>/<name>.png}. */
    static Path screenshot(WebDriver browser, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        return file;
    }
}

package io.yutang.gateway.pages;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Signs in to a running yutang's console and takes a screenshot of each page given (the README's
 * pictures): {@code ConsoleTour <base-url> <username> <password> <out-dir> <path=name>...}.
 */
public final class ConsoleTour {

    private ConsoleTour() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        Path out = Path.of(args[3]);
        List<String> pages = List.of(args).subList(4, args.length);
        WebDriver browser = Chromium.start(1280, 860, "zh-CN,zh");
        try {
            WebDriverWait wait = Chromium.waitUpTo(browser, Duration.ofSeconds(15));
            browser.get(base + "/console/sign-in");
            browser.findElement(By.id("username")).sendKeys(args[1]);
            browser.findElement(By.id("password")).sendKeys(args[2]);
            browser.findElement(By.id("sign-in")).click();
            try {
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id("me")));
            } catch (org.openqa.selenium.TimeoutException notSignedIn) {
                System.err.println("Not signed in; the page is saved as " + Chromium.screenshot(browser, out, "sign-in-failed")
                        + " (" + browser.getCurrentUrl() + ")");
                throw notSignedIn;
            }
            for (String page : pages) {
                String[] pathAndName = page.split("=", 2);
                browser.get(base + pathAndName[0]);
                wait.until(driver -> "complete".equals(((org.openqa.selenium.JavascriptExecutor) driver)
                        .executeScript("return document.readyState")));
                try {
                    wait.until(driver -> !Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) driver)
                            .executeScript("return document.querySelector('[data-loading]') !== null")));
                } catch (org.openqa.selenium.TimeoutException stillLoading) {
                    System.err.println(pathAndName[0] + " did not finish loading:\n" + Chromium.consoleLog(browser));
                }
                System.out.println(Chromium.screenshot(browser, out, pathAndName[1]));
                String log = Chromium.consoleLog(browser);
                if (log.contains("SEVERE")) {
                    System.err.println(pathAndName[0] + " logged:\n" + log);
                }
            }
        } finally {
            browser.quit();
        }
    }
}

// Headless Chromium for the browser tests (the admin page's here, e-mail sign-in's in the agent's tests), through
// Debian's chromedriver so that Selenium Manager has nothing to find or download.
package dev.portway.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

public final class TestBrowser {
    /** Installed by .ci/run (Debian's chromium and chromium-driver); the tests fail without them, never skip. */
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private TestBrowser() {
    }

    /** Options for a headless Chromium with a window of that size ("1280,800") and the arguments given. */
    public static ChromeOptions headless(String windowSize, String... extraArgs) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--window-size=" + windowSize);
        options.addArguments(extraArgs);
        return options;
    }

    /** The browser, started with those options. */
    public static WebDriver start(ChromeOptions options) {
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: install Debian's chromium (.ci/run does)");
        assertTrue(Files.isExecutable(CHROMEDRIVER),
                CHROMEDRIVER + " is missing: install Debian's chromium-driver (.ci/run does)");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}

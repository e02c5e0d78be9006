// A headless browser on the admin page for one test, quit after it: the browser set-up, wait and sign-in the admin
// page tests each wrote again.
package dev.portway.server.api;

import dev.portway.server.TestBrowser;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Register after the test's {@link dev.portway.server.ServerUnderTest}, so the browser is gone before the server. */
final class AdminBrowser implements AfterEachCallback {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private WebDriver browser;

    /** Starts headless Chromium for this test. */
    WebDriver open(String... extraArgs) {
        ChromeOptions options = TestBrowser.headless("1280,1000", extraArgs);
        // The console, to see that the policy blocked nothing the page needs.
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        browser = TestBrowser.start(options);
        return browser;
    }

    /** A wait on the page that outlasts a redraw replacing the element it watches. */
    WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** Opens the admin page of the API at base and signs in with the tests' password. */
    void signInAs(String base, String email) {
        browser.get(base + "/admin");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("email"))).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys("password1");
        browser.findElement(By.id("signin-button")).click();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (browser != null) {
            browser.quit();
        }
    }
}

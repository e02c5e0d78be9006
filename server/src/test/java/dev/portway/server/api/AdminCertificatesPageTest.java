// The admin page lists the certificates in a real browser: each name with its state, issuer, expiry and the CA's
// last error, the one that expires first on top; an error text goes in as text, never as markup.
package dev.portway.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.ApiCalls;
import dev.portway.server.acme.TestCertificates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;

class AdminCertificatesPageTest extends AdminPageTestCase {
    @Test
    void listsEachCertificateWithItsExpiryAndLastError() throws Exception {
        server = servers.start(dir);
        ApiCalls.signupAndLogin(http, server, "root@example.com");
        Instant now = Instant.now();
        server.store().saveCertificate(TestCertificates.issued("*.example.org", List.of("example.org",
                "*.example.org"), now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(80)).plusSeconds(60)));
        String error = "urn:ietf:params:acme:error:dns: NXDOMAIN looking up A for shop.example.com "
                + "<img id=injected src=x>";
        server.store().saveCertificate(TestCertificates.failed("shop.example.com", error,
                now.plus(Duration.ofMinutes(30))));
        server.store().saveCertificate(TestCertificates.issued("app.example.net", List.of("app.example.net"),
                now.minus(Duration.ofDays(80)), now.plus(Duration.ofDays(10)).plusSeconds(60)));

        browser = page.open();
        page.signInAs("http://127.0.0.1:" + server.config().apiPort(), "root@example.com");
        page.waiting().until(ExpectedConditions.textToBe(By.id("certificates-count"), "3 certificates, 1 failed"));

        List<WebElement> rows = browser.findElements(By.cssSelector("#certificates tbody tr"));
        assertEquals(List.of("app.example.net", "*.example.org", "shop.example.com"),
                rows.stream().map(r -> r.getAttribute("data-certificate")).toList(), "the soonest expiry first");
        WebElement expiring = rows.get(0);
        assertEquals("expiring", expiring.findElement(By.cssSelector("td.state")).getText());
        assertEquals("Test CA", expiring.findElements(By.tagName("td")).get(2).getText());
        assertTrue(expiring.findElement(By.cssSelector("td.expires")).getText().endsWith("· in 10 d 0 h"),
                expiring.findElement(By.cssSelector("td.expires")).getText());
        assertEquals("valid", rows.get(1).findElement(By.cssSelector("td.state")).getText());
        assertTrue(rows.get(1).findElement(By.cssSelector("td.expires")).getText().endsWith("· in 80 d 0 h"));
        assertEquals("example.org, *.example.org", rows.get(1).findElement(By.cssSelector("td.strong"))
                .getAttribute("title"), "the names it covers");
        WebElement failed = rows.get(2);
        assertEquals("failed", failed.findElement(By.cssSelector("td.state")).getText());
        assertEquals("—", failed.findElement(By.cssSelector("td.expires")).getText());
        assertEquals(error, failed.findElement(By.cssSelector("td.last-error")).getText());
        assertTrue(browser.findElements(By.id("injected")).isEmpty(), "the CA's error was put in as markup");
        List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).map(LogEntry::getMessage).toList();
        assertEquals(List.of(), errors, "the console stayed clean");
    }
}

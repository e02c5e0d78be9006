// One e-mail sign-in through every redirect in a real browser (Debian's headless chromium through its chromedriver,
// as the admin page's tests): the socket's page, the apex domain, the provider, the callback, the hand-off, and the
// origin's page that shows X-Portway-Email; then an account that is not admitted sees the 403 naming it.
// The browser takes this server's key only (its SHA-256 pinned), as a person would after checking it.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.api.SocketInfo;
import dev.portway.server.TestBrowser;
import dev.portway.server.TestServers;
import dev.portway.server.oidc.TestIdentityProvider;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

class EmailSignInBrowserTest {
    @TempDir
    Path dir;

    @Test
    void aVisitorSignsInThroughTheRedirectsAndLandsOnTheOriginsPage() throws Exception {
        Path data = dir.resolve("server");
        try (TestIdentityProvider provider = TestIdentityProvider.start();
             Harness h = new Harness(data, TestServers.config(data).withOidc(provider.settings()));
             Origin origin = new Origin()) {
            Harness.Tunnel t = h.create("http");
            EmailSignInEndToEndTest.patch(h, t.socket().socketId(), "{\"allowed_emails\":[\"ann@example.com\"]}");
            try (TunnelAgent agent = h.connectAndAwaitOnline(t, origin.port(), new RecordingListener())) {
                WebDriver browser = chromium(spki(data.resolve("tls/cert.pem")));
                try {
                    SocketInfo s = t.socket();
                    String page = "https://" + s.dnsName() + ":" + h.server.config().httpsPort() + "/headers";
                    provider.nextSignIn("ann@example.com");
                    browser.get(page);
                    wait(browser).until(d -> d.getPageSource().contains("ann@example.com"));
                    assertTrue(browser.getCurrentUrl().equals(page), "back on the page asked for: "
                            + browser.getCurrentUrl());
                    assertTrue(browser.getPageSource().contains("X-Portway-Email"), browser.getPageSource());
                    assertTrue(!browser.getPageSource().contains("__Host-portway_session"), "no cookie at the origin");
                    screenshot(browser, "email-sign-in-origin.png");

                    browser.get("https://" + s.dnsName() + ":" + h.server.config().httpsPort()
                            + "/.portway/logout");
                    wait(browser).until(d -> d.getPageSource().contains("Signed out"));
                    provider.nextSignIn("eve@other.example");
                    browser.get(page);
                    wait(browser).until(d -> d.getPageSource().contains("eve@other.example"));
                    assertTrue(browser.getPageSource().contains("403"), browser.getPageSource());
                    screenshot(browser, "email-sign-in-403.png");
                } finally {
                    browser.quit();
                }
            }
        }
    }

    private static WebDriverWait wait(WebDriver browser) {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    /** For the closing note: what the visitor saw, under agent/target. */
    private static void screenshot(WebDriver browser, String name) throws Exception {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String spki(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(cert.getPublicKey().getEncoded()));
        }
    }

    private static WebDriver chromium(String spki) {
        return TestBrowser.start(TestBrowser.headless("1280,800", "--ignore-certificate-errors-spki-list=" + spki));
    }
}

// A real browser (Debian's headless chromium through its chromedriver) loads a page with 50 assets from a socket on
// the HTTPS edge: the page and every asset come over HTTP/2, as the Performance API's nextHopProtocol says, and
// each asset is the origin's. The browser takes this server's key only (its SHA-256 pinned).
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.server.TestBrowser;
import io.javalin.Javalin;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

class Http2BrowserTest {
    private static final int ASSETS = 50;

    @TempDir
    Path dir;

    @Test
    void aPageAndItsFiftyAssetsAllComeOverHttp2() throws Exception {
        Javalin site = Javalin.create(c -> c.showJavalinBanner = false);
        StringBuilder page = new StringBuilder("<!doctype html><html><head><title>assets</title></head><body>");
        for (int i = 0; i < ASSETS; i++) {
            page.append("<img src=\"/asset/").append(i).append(".svg\" width=\"10\" height=\"10\">");
        }
        page.append("</body></html>");
        site.get("/page", ctx -> ctx.html(page.toString()));
        site.get("/asset/{name}", ctx -> ctx.contentType("image/svg+xml").result(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\""
                        + " fill=\"#" + Integer.toHexString(0x100000 + ctx.pathParam("name").hashCode() & 0xffffff)
                        + "\"/></svg>"));
        site.start("127.0.0.1", 0);
        try (Harness h = Harness.start(dir)) {
            Harness.Tunnel t = h.create();
            try (TunnelAgent agent = h.connectAndAwaitOnline(t, site.port(), new RecordingListener())) {
                WebDriver browser = TestBrowser.start(TestBrowser.headless("1280,800",
                        "--ignore-certificate-errors-spki-list=" + spki(dir.resolve("tls/cert.pem"))));
                try {
                    browser.get("https://" + t.socket().dnsName() + ":" + h.server.config().httpsPort() + "/page");
                    JavascriptExecutor js = (JavascriptExecutor) browser;
                    new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> Boolean.TRUE.equals(js.executeScript(
                            "return document.readyState === 'complete' && Array.from(document.images)"
                                    + ".every(i => i.complete && i.naturalWidth === 10)")));
                    assertEquals("h2", js.executeScript(
                            "return performance.getEntriesByType('navigation')[0].nextHopProtocol"));
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> assets = (List<Map<String, Object>>) js.executeScript(
                            "return performance.getEntriesByType('resource').filter(e => e.name.includes('/asset/'))"
                                    + ".map(e => ({name: e.name, protocol: e.nextHopProtocol}))");
                    assertEquals(ASSETS, assets.size(), assets.toString());
                    for (Map<String, Object> asset : assets) {
                        assertEquals("h2", asset.get("protocol"), asset.toString());
                    }
                } finally {
                    browser.quit();
                }
            }
        } finally {
            site.stop();
        }
    }

    private static String spki(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(cert.getPublicKey().getEncoded()));
        }
    }
}

// The fixture the admin page tests share (the server fixture, a headless browser quit before the server is closed
// and an HTTP client), declared once here instead of again in each test class.
package dev.portway.server.api;

import dev.portway.server.ServerTestCase;
import java.net.http.HttpClient;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebDriver;

abstract class AdminPageTestCase extends ServerTestCase {
    @RegisterExtension
    final AdminBrowser page = new AdminBrowser();
    WebDriver browser;
    final HttpClient http = HttpClient.newHttpClient();
}

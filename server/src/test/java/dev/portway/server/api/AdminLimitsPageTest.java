// The admin page shows each account's sockets and dedicated ports against its limits, and raises one account's
// limits (and sets them back to the server's default) in a real browser, the user's next creation then succeeding.
package dev.portway.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.portway.server.config.AccountLimits;
import dev.portway.server.ApiCalls;
import dev.portway.server.ApiCalls.Reply;
import dev.portway.server.TestServers;
import dev.portway.server.security.SignupRate;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

class AdminLimitsPageTest extends AdminPageTestCase {
    private Reply call(String method, String path, String token, String body) throws Exception {
        return ApiCalls.call(http, server, method, path, token, body);
    }

    @Test
    void anAdminRaisesOneAccountsPortLimitOnThePage() throws Exception {
        server = servers.start(TestServers.configWithFreePorts(dir, 4)
                .withQuotas(new AccountLimits(100, 20, 1, SignupRate.DEFAULT)));
        String admin = ApiCalls.signupAndLogin(http, server, "root@example.com");
        String user = ApiCalls.signupAndLogin(http, server, "user@example.com");
        String userId = call("GET", "account", user, null).json().get("user_id").asText();
        String tcp = "{\"socket_type\":\"tcp\"}";
        assertEquals(201, call("POST", "sockets", user, tcp).status());
        ApiCalls.assertError(call("POST", "sockets", user, tcp), 403, "quota_exceeded");

        browser = page.open();
        page.signInAs("http://127.0.0.1:" + server.config().apiPort(), "root@example.com");
        By row = By.cssSelector("#users tbody tr[data-user='" + userId + "']");
        By ports = By.cssSelector("#users tbody tr[data-user='" + userId + "'] td.ports");
        page.waiting().until(ExpectedConditions.textToBe(ports, "1 / 1"));
        assertEquals("1 / 100", browser.findElement(row).findElement(By.cssSelector("td.sockets")).getText());

        browser.findElement(row).findElement(By.cssSelector("button.limits")).click();
        WebElement maxPorts = page.waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.id("dialog-max-ports")));
        assertEquals("default (1)", maxPorts.getAttribute("placeholder"));
        maxPorts.sendKeys("3");
        browser.findElement(By.id("dialog-ok")).click();
        page.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("dialog")));
        page.waiting().until(ExpectedConditions.textToBe(ports, "1 / 3 own"));
        assertEquals(201, call("POST", "sockets", user, tcp).status(), "the raised limit is in force");

        browser.findElement(row).findElement(By.cssSelector("button.limits")).click();
        maxPorts = page.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("dialog-max-ports")));
        assertEquals("3", maxPorts.getAttribute("value"));
        maxPorts.clear();
        browser.findElement(By.id("dialog-ok")).click();
        page.waiting().until(ExpectedConditions.textToBe(ports, "2 / 1"));
        assertFalse(call("GET", "admin/users", admin, null).json().get(1)
                .has("own_max_ports"), "an empty field sets the server's default again");
    }
}

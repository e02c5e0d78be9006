// An API address that redirects to https (a proxy in front of the server): the client says in one line which address
// to use instead of an HTTP 301 that reads like a wrong server.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApiClientRedirectTest {
    private HttpServer proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.stop(0);
        }
    }

    @Test
    void aRedirectToHttpsNamesTheAddressToUse() throws Exception {
        proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        proxy.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Location", "https://tunnels.example.test" + exchange.getRequestURI());
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        proxy.start();
        ApiClient client = new ApiClient("http://127.0.0.1:" + proxy.getAddress().getPort(), null);
        ApiException e = assertThrows(ApiException.class, client::serverInfo);
        assertEquals("redirected", e.code());
        assertTrue(e.getMessage().contains("use that address instead (--server https://tunnels.example.test)"),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}

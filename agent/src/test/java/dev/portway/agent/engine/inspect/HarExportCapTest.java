// GET /api/har is one string in memory: past ApiHandler.MAX_HAR_BODIES of captured bodies it is refused (413) and
// the caller asked to choose fewer, rather than building a file of hundreds of MB; the chosen few still go out.
package dev.portway.agent.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.Body;
import dev.portway.agent.engine.Exchange;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HarExportCapTest {
    @Test
    void aHarOfTooManyBodiesIsRefusedAndFewerGoOut() throws Exception {
        ExchangeLog log = new ExchangeLog();
        byte[] body = new byte[1024 * 1024]; // shared: the log holds 40 references, not 40 MiB
        long first = 0;
        for (int i = 0; i < 40; i++) {
            long id = log.add(new Exchange(0, Instant.EPOCH, Exchange.State.DONE, "GET", "/big/" + i, "HTTP/1.1",
                    List.of(), null, 200, "OK", List.of(), new Body(body, body.length), 1, null, 0, 0), null).id();
            first = first == 0 ? id : first;
        }
        try (InspectServer server = InspectServer.start(log, 0)) {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> all = client.send(HttpRequest.newBuilder(URI.create(server.url() + "api/har"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(413, all.statusCode(), all.body());
            assertTrue(all.body().contains("\"too_large\""), all.body());
            HttpResponse<String> few = client.send(HttpRequest.newBuilder(URI.create(server.url() + "api/har?ids="
                    + first)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, few.statusCode());
            assertTrue(few.body().contains("/big/0"), "the chosen exchange goes out");
        }
    }
}

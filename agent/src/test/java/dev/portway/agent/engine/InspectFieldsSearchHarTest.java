// The inspector API's additions on a real tunnel: the summary's content_type, replay_of and imported, a cut body's
// cut_at, ?q= search over bodies and headers, and the HAR of chosen exchanges (bad ids refused with a JSON error).
package dev.portway.agent.engine;

import static dev.portway.agent.engine.InspectFixture.json;
import static dev.portway.agent.engine.InspectFixture.list;
import static dev.portway.agent.engine.InspectServerEndToEndTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.inspect.ConnectionList;
import dev.portway.agent.engine.inspect.ExchangeLog;
import dev.portway.agent.engine.inspect.InspectServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectFieldsSearchHarTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void summariesSearchAndChosenHar() throws Exception {
        try (InspectFixture f = new InspectFixture(dir)) {
            f.agent.bodyLimit(1000);
            long plain = f.visit("/plain", "hello");
            long needle = f.visit("/other", "a NeedleInTheBody here");
            long big = f.visit("/big", "x".repeat(5000));

            Map<String, Object> listed = list(f.get("/api/exchanges"), "exchanges").get(0);
            assertEquals(plain, listed.get("id"));
            assertEquals("text/plain; charset=utf-8", listed.get("content_type"), "the response's Content-Type");
            assertEquals(false, listed.get("imported"));
            assertFalse(listed.containsKey("replay_of"), "not a replay: " + listed);

            Map<String, Object> cut = json(f.get("/api/exchanges/" + big));
            Map<String, Object> sent = (Map<String, Object>) cut.get("request_body");
            assertEquals(5000L, sent.get("size"));
            assertEquals(1000L, sent.get("cut_at"), "the capture stopped at the agent's body limit");
            assertFalse(((Map<String, Object>) json(f.get("/api/exchanges/" + plain)).get("request_body"))
                    .containsKey("cut_at"), "a whole body has no cut_at");

            // Any case, in a request body; in a header; nothing matches: an empty list.
            assertEquals(List.of(needle), ids(f.get("/api/exchanges?q=needleinthebody")));
            assertEquals(List.of(needle), ids(f.get("/api/exchanges?q=" + "NEEDLEINTHE")));
            assertEquals(List.of(plain, needle, big), ids(f.get("/api/exchanges?q=content-type:%20text/plain")));
            assertEquals(List.of(), ids(f.get("/api/exchanges?q=nowhere-to-be-found")));

            HttpResponse<String> replayed = f.post("/api/exchanges/" + plain + "/replay", "");
            assertEquals(200, replayed.statusCode(), replayed.body());
            assertEquals(plain, json(replayed).get("replay_of"), "the replay's answer says what it replays");
            Object answer = json(replayed).get("id");
            Map<String, Object> answerListed = list(f.get("/api/exchanges"), "exchanges").stream()
                    .filter(e -> e.get("id").equals(answer)).findFirst().orElseThrow();
            assertEquals(plain, answerListed.get("replay_of"), "listed as the replay of the original too");

            HttpResponse<String> har = f.get("/api/har?ids=" + needle + "," + plain);
            assertEquals(200, har.statusCode(), har.body());
            List<Map<String, Object>> entries = (List<Map<String, Object>>) ((Map<String, Object>) json(har)
                    .get("log")).get("entries");
            assertEquals(List.of("/other", "/plain"), entries.stream().map(e -> URI.create(
                    ((Map<String, Object>) e.get("request")).get("url").toString()).getPath()).toList(),
                    "only the exchanges asked for, in the order asked");
            assertError(f.get("/api/har?ids=1,x"), 400, "bad_request");
            assertError(f.get("/api/har?ids=9999"), 400, "bad_request");
            assertError(f.get("/api/har?ids="), 400, "bad_request");

            try (InspectServer second = InspectServer.start(new ExchangeLog(), new ConnectionList(), 0, null)) {
                HttpResponse<String> in = f.client.send(HttpRequest.newBuilder(URI.create(second.url())
                        .resolve("/api/har")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(har.body())).build(),
                        HttpResponse.BodyHandlers.ofString());
                List<Map<String, Object>> imported = list(f.client.send(HttpRequest.newBuilder(
                        URI.create(second.url()).resolve("/api/exchanges")).build(),
                        HttpResponse.BodyHandlers.ofString()), "exchanges");
                assertEquals(2L, json(in).get("imported"));
                assertTrue(imported.stream().allMatch(e -> e.get("imported").equals(true)), imported.toString());
                assertNull(imported.get(0).get("replay_of"));
            }
        }
    }

    static List<Object> ids(HttpResponse<String> res) {
        assertEquals(200, res.statusCode(), res.body());
        return list(res, "exchanges").stream().map(e -> e.get("id")).toList();
    }
}

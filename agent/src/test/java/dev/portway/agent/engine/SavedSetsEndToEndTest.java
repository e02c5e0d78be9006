// Saved sets through the inspector API on a real tunnel: a set is saved as an owner-only HAR file, listed, shown,
// replayed in order to the local service (each answer logged with replay_of and compared), deleted; bad names,
// unknown ids, too many exchanges or sets, a second set replay at once and no tunnel are refused with JSON errors,
// and a disk that fails is said (500 io_error), not a dropped connection.
package dev.portway.agent.engine;

import static dev.portway.agent.engine.InspectFixture.json;
import static dev.portway.agent.engine.InspectFixture.list;
import static dev.portway.agent.engine.InspectServerEndToEndTest.assertError;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.inspect.ConnectionList;
import dev.portway.agent.engine.inspect.ExchangeLog;
import dev.portway.agent.engine.inspect.InspectServer;
import dev.portway.agent.engine.inspect.SavedSets;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedSetsEndToEndTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void savesListsShowsReplaysAndDeletesASet() throws Exception {
        try (InspectFixture f = new InspectFixture(dir)) {
            long login = f.visit("/login", "user=a");
            long cart = f.visit("/cart?token=abc", "item=1");

            HttpResponse<String> created = f.post("/api/sets", "{\"name\":\"checkout\",\"ids\":[" + login + ","
                    + cart + "]}");
            assertEquals(201, created.statusCode(), created.body());
            assertEquals(List.of("checkout", 2L), List.of(json(created).get("name"), json(created).get("count")));
            Path file = f.sets.resolve("checkout.har");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.sets)));
            assertTrue(Files.readString(file).contains("token=abc"), "raw values: the set is sent again");

            List<Map<String, Object>> sets = list(f.get("/api/sets"), "sets");
            assertEquals(1, sets.size());
            assertEquals(List.of("checkout", 2L), List.of(sets.get(0).get("name"), sets.get(0).get("count")));
            assertTrue(sets.get(0).get("saved") instanceof String, sets.toString());
            Map<String, Object> shown = json(f.get("/api/sets/checkout"));
            assertEquals(List.of("/login", "/cart?token=[redacted]"), ((List<Map<String, Object>>) shown
                    .get("exchanges")).stream().map(e -> e.get("path")).toList(), "shown with secrets hidden");

            int seen = f.originSaw.size();
            Map<String, Object> same = json(replay(f, "checkout"));
            assertEquals(List.of("POST /login body=user=a", "POST /cart?token=abc body=item=1"),
                    f.originSaw.subList(seen, f.originSaw.size()), "each in order, with the real values");
            assertEquals(0L, same.get("changed"), same.toString());
            List<Map<String, Object>> results = (List<Map<String, Object>>) same.get("results");
            assertEquals(2, results.size());
            for (Map<String, Object> r : results) {
                Map<String, Object> original = (Map<String, Object>) r.get("original");
                Map<String, Object> replayed = (Map<String, Object>) r.get("replayed");
                assertEquals(true, original.get("imported"), r.toString());
                assertEquals(original.get("id"), replayed.get("replay_of"), "the answer is logged as its replay");
                assertEquals(List.of(false, false, false), List.of(r.get("changed"), r.get("status_changed"),
                        r.get("body_changed")), r.toString());
                assertNull(r.get("error"));
            }

            f.answer.set(" v2");
            Map<String, Object> changed = json(replay(f, "checkout"));
            assertEquals(2L, changed.get("changed"), changed.toString());
            Map<String, Object> first = ((List<Map<String, Object>>) changed.get("results")).get(0);
            assertEquals(List.of(true, false, true), List.of(first.get("changed"), first.get("status_changed"),
                    first.get("body_changed")));
            Object originalId = ((Map<String, Object>) first.get("original")).get("id");
            Object replayedId = ((Map<String, Object>) first.get("replayed")).get("id");
            assertTrue(f.get("/api/exchanges/" + originalId + "/diff?to=" + replayedId).body()
                    .contains("{\"op\":\"+\",\"text\":\"origin saw POST /login body=user=a v2\"}"));

            HttpResponse<String> deleted = f.delete("/api/sets/checkout");
            assertEquals(204, deleted.statusCode(), deleted.body());
            assertTrue(Files.notExists(file));
            assertError(f.get("/api/sets/checkout"), 404, "not_found");
            assertError(f.delete("/api/sets/checkout"), 404, "not_found");
            assertEquals(List.of(), list(f.get("/api/sets"), "sets"));
        }
    }

    @Test
    void refusesBadInputTheCapsASecondReplayAndNoTunnel() throws Exception {
        try (InspectFixture f = new InspectFixture(dir)) {
            long id = f.visit("/hold", "x");
            assertError(f.post("/api/sets", "{\"name\":\".hidden\",\"ids\":[" + id + "]}"), 400, "bad_name");
            assertError(f.post("/api/sets", "{\"name\":\"a/b\",\"ids\":[" + id + "]}"), 400, "bad_name");
            assertError(f.post("/api/sets", "{\"name\":\"" + "n".repeat(65) + "\",\"ids\":[" + id + "]}"), 400,
                    "bad_name");
            assertError(f.post("/api/sets", "{\"ids\":[" + id + "]}"), 400, "bad_name");
            assertError(f.post("/api/sets", "{\"name\":\"s\",\"ids\":[9999]}"), 400, "bad_request");
            assertError(f.post("/api/sets", "{\"name\":\"s\",\"ids\":[]}"), 400, "bad_request");
            assertError(f.post("/api/sets", "{\"name\":\"s\"}"), 400, "bad_request");
            assertError(f.post("/api/sets", "not json"), 400, "bad_request");
            assertError(f.post("/api/sets", "{\"name\":\"s\",\"ids\":" + Collections.nCopies(SavedSets.MAX_EXCHANGES
                    + 1, id) + "}"), 400, "too_many_exchanges");
            assertError(f.get("/api/sets/nope"), 404, "not_found");
            assertError(f.post("/api/sets/nope/replay", ""), 404, "not_found");
            assertError(f.get("/api/sets/.hidden"), 400, "bad_name");
            assertError(f.get("/api/sets/a/b/c"), 404, "not_found");
            assertError(f.delete("/api/sets"), 405, "method_not_allowed");
            assertEquals(List.of(), list(f.get("/api/sets"), "sets"), "nothing saved by the refused calls");

            assertEquals(201, f.post("/api/sets", "{\"name\":\"held\",\"ids\":[" + id + "]}").statusCode());
            f.hold = new CountDownLatch(1);
            int seen = f.originSaw.size();
            CompletableFuture<HttpResponse<String>> running = f.client.sendAsync(HttpRequest.newBuilder(
                    URI.create(f.inspector.url()).resolve("/api/sets/held/replay"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(10)).until(() -> f.originSaw.size() > seen);
            assertError(f.post("/api/sets/held/replay", ""), 429, "busy");
            f.hold.countDown();
            assertEquals(200, running.get(20, TimeUnit.SECONDS).statusCode());
            f.hold = null;
            assertEquals(200, f.post("/api/sets/held/replay", "").statusCode(), "the place is free again");

            SavedSets files = new SavedSets(f.sets);
            for (int i = files.list().size(); i < SavedSets.MAX_SETS; i++) {
                files.save("set" + i, f.log.find(id).stream().toList());
            }
            assertError(f.post("/api/sets", "{\"name\":\"one-more\",\"ids\":[" + id + "]}"), 409, "too_many_sets");
            assertEquals(201, f.post("/api/sets", "{\"name\":\"held\",\"ids\":[" + id + "]}").statusCode(),
                    "a set of a name taken is replaced, not counted again");

            try (InspectServer alone = InspectServer.start(new ExchangeLog(), new ConnectionList(), 0, f.sets)) {
                HttpResponse<String> noTunnel = f.client.send(HttpRequest.newBuilder(URI.create(alone.url())
                        .resolve("/api/sets/held/replay")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertError(noTunnel, 409, "no_service");
            }
            ExchangeLog one = new ExchangeLog();
            one.put(f.log.find(id).orElseThrow());
            Path notADirectory = Files.writeString(dir.resolve("not-a-directory"), "x");
            try (InspectServer broken = InspectServer.start(one, new ConnectionList(), 0, notADirectory)) {
                HttpResponse<String> cannot = f.client.send(HttpRequest.newBuilder(URI.create(broken.url())
                        .resolve("/api/sets")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"s\",\"ids\":["
                        + id + "]}")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(500, cannot.statusCode(), cannot.body());
                assertTrue(cannot.body().contains("\"code\":\"io_error\""), cannot.body());
            }
            try (InspectServer none = InspectServer.start(new ExchangeLog(), new ConnectionList(), 0, null)) {
                assertError(f.client.send(HttpRequest.newBuilder(URI.create(none.url()).resolve("/api/sets"))
                        .build(), HttpResponse.BodyHandlers.ofString()), 404, "not_found");
            }
        }
    }

    static HttpResponse<String> replay(InspectFixture f, String name) throws Exception {
        HttpResponse<String> res = f.post("/api/sets/" + name + "/replay", "");
        assertEquals(200, res.statusCode(), res.body());
        return res;
    }
}

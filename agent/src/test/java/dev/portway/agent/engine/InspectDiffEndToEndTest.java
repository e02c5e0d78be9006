// GET /api/exchanges/{id}/diff?to=OTHER on a real tunnel: a replay answered alike is not changed (a new Date alone
// is no change), one answered otherwise is, line by line; a missing or bad "to" is a 400, an unknown id a 404.
package dev.portway.agent.engine;

import static dev.portway.agent.engine.InspectFixture.json;
import static dev.portway.agent.engine.InspectServerEndToEndTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectDiffEndToEndTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void diffsAReplaysAnswerWithTheOriginal() throws Exception {
        try (InspectFixture f = new InspectFixture(dir)) {
            long original = f.visit("/d", "same");
            HttpResponse<String> alike = f.post("/api/exchanges/" + original + "/replay", "");
            assertEquals(200, alike.statusCode(), alike.body());
            f.answer.set(" and v2");
            HttpResponse<String> other = f.post("/api/exchanges/" + original + "/replay", "");
            assertEquals(200, other.statusCode(), other.body());

            HttpResponse<String> same = f.get("/api/exchanges/" + original + "/diff?to=" + json(alike).get("id"));
            assertEquals(200, same.statusCode(), same.body());
            Map<String, Object> d = json(same);
            assertEquals(original, d.get("from"));
            assertEquals(json(alike).get("id"), d.get("to"));
            assertEquals(List.of(false, false, false), List.of(d.get("changed"), d.get("status_changed"),
                    d.get("body_changed")), same.body());
            List<Map<String, Object>> lines = (List<Map<String, Object>>) d.get("lines");
            assertEquals(Map.of("op", " ", "text", "HTTP/1.1 200 OK"), lines.get(0), "the status line first");
            assertTrue(lines.contains(Map.of("op", " ", "text", "origin saw POST /d body=same")), same.body());

            Map<String, Object> changed = json(f.get("/api/exchanges/" + original + "/diff?to="
                    + json(other).get("id")));
            assertEquals(List.of(true, false, true), List.of(changed.get("changed"), changed.get("status_changed"),
                    changed.get("body_changed")), changed.toString());
            List<Map<String, Object>> changedLines = (List<Map<String, Object>>) changed.get("lines");
            assertTrue(changedLines.contains(Map.of("op", "-", "text", "origin saw POST /d body=same")),
                    changedLines.toString());
            assertTrue(changedLines.contains(Map.of("op", "+", "text", "origin saw POST /d body=same and v2")),
                    changedLines.toString());

            assertError(f.get("/api/exchanges/" + original + "/diff"), 400, "bad_request");
            assertError(f.get("/api/exchanges/" + original + "/diff?to=abc"), 400, "bad_request");
            assertError(f.get("/api/exchanges/" + original + "/diff?to=9999"), 404, "not_found");
            assertError(f.get("/api/exchanges/9999/diff?to=" + original), 404, "not_found");
            assertError(f.post("/api/exchanges/" + original + "/diff?to=" + original, ""), 405,
                    "method_not_allowed");
        }
    }
}

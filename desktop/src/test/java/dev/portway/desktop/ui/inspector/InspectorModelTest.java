// The inspector's model: a pending row is replaced by its finished snapshot, the log keeps the newest 500, rows are
// styled by how they ended, in-flight rows tick, the search matches method, path, status, headers and bodies (not a
// hidden secret), and secrets show only when asked for.
package dev.portway.desktop.ui.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.Body;
import dev.portway.agent.engine.Exchange;
import dev.portway.agent.engine.LocalTarget;
import dev.portway.agent.engine.inspect.ExchangeLog;
import dev.portway.agent.engine.inspect.SavedSets;
import dev.portway.agent.engine.inspect.SetReplay;
import dev.portway.desktop.ui.common.Calls;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InspectorModelTest {
    final List<Boolean> switched = new ArrayList<>();
    final InspectorModel model = new InspectorModel(new Calls(Runnable::run, Runnable::run), new ExchangeLog(),
            () -> new LocalTarget("127.0.0.1", 1), switched::add);

    static Exchange exchange(long id, Exchange.State state, String path, int status, Instant start) {
        return new Exchange(id, start, state, "GET", path, "HTTP/1.1", List.of(), Body.EMPTY, status, null,
                List.of(), Body.EMPTY, state == Exchange.State.PENDING ? 0 : 7, null, 0, 0);
    }

    @Test
    void aPendingRowIsReplacedByItsFinishedSnapshot() {
        Instant start = Instant.parse("2026-01-01T10:00:00Z");
        model.add(exchange(1, Exchange.State.PENDING, "/slow", 0, start));
        ExchangeRow row = model.rows().get(0);
        assertEquals("…", row.statusText());
        assertEquals(ExchangeRow.PENDING, row.styleClass());
        model.tick(start.plusSeconds(3));
        assertEquals("3 s…", row.durationText(), "a row in flight shows how long it has waited");

        model.add(exchange(1, Exchange.State.DONE, "/slow", 200, start));
        assertEquals(1, model.rows().size(), "the same exchange, not a second row");
        assertSame(row, model.rows().get(0));
        assertEquals("200", row.statusText());
        assertEquals("7 ms", row.durationText());
        assertNull(row.styleClass());
        model.tick(start.plusSeconds(9));
        assertEquals("7 ms", row.durationText(), "a finished row stops ticking");
    }

    @Test
    void rowsAreStyledByHowTheyEnded() {
        Instant now = Instant.now();
        model.add(exchange(1, Exchange.State.DONE, "/missing", 404, now));
        model.add(exchange(2, Exchange.State.DONE, "/boom", 500, now));
        model.add(exchange(3, Exchange.State.FAILED, "/refused", 502, now));
        assertEquals(List.of("502 failed", "500", "404"), model.rows().stream().map(ExchangeRow::statusText)
                .toList());
        assertEquals(ExchangeRow.DANGER, model.rows().get(0).styleClass());
        assertEquals(ExchangeRow.DANGER, model.rows().get(1).styleClass());
        assertEquals(ExchangeRow.WARNING, model.rows().get(2).styleClass());
    }

    @Test
    void theLogKeepsTheNewest500AndForgetsTheRest() {
        Instant now = Instant.now();
        for (int i = 1; i <= ExchangeLog.KEEP + 20; i++) {
            model.add(exchange(i, Exchange.State.PENDING, "/item/" + i, 0, now));
        }
        assertEquals(ExchangeLog.KEEP, model.rows().size());
        assertEquals("/item/" + (ExchangeLog.KEEP + 20), model.rows().get(0).exchange().target());
        assertEquals("/item/21", model.exchanges().get(0).target(), "oldest first, the first 20 gone");
        // The newest row still takes its finished snapshot in place.
        model.add(exchange(ExchangeLog.KEEP + 20, Exchange.State.DONE, "/item/" + (ExchangeLog.KEEP + 20), 200, now));
        assertEquals(ExchangeLog.KEEP, model.rows().size());
        assertEquals("200", model.rows().get(0).statusText());
    }

    @Test
    void theFilterMatchesMethodPathAndStatus() {
        Instant now = Instant.now();
        model.add(exchange(1, Exchange.State.DONE, "/a", 200, now));
        model.add(exchange(2, Exchange.State.DONE, "/b", 404, now));
        model.filterProperty().set("404");
        assertEquals(List.of("/b"), model.filteredRows().stream().map(r -> r.exchange().target()).toList());
        model.filterProperty().set("");
        assertEquals(2, model.filteredRows().size());
    }

    @Test
    void theSearchFindsTextInABodyOrAHeaderButNotInAHiddenSecret() {
        Instant now = Instant.now();
        model.add(new Exchange(1, now, Exchange.State.DONE, "POST", "/orders", "HTTP/1.1",
                List.of(new Exchange.Header("Authorization", "Bearer tok-123")),
                new Body("{\"sku\":\"blue-teapot\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), 21), 201,
                "Created", List.of(new Exchange.Header("X-Served-By", "kettle-7")), Body.EMPTY, 3, null, 0, 0));
        model.add(exchange(2, Exchange.State.DONE, "/other", 200, now));
        model.filterProperty().set("BLUE-teapot");
        assertEquals(List.of("/orders"), model.filteredRows().stream().map(r -> r.exchange().target()).toList(),
                "text in the request body, any case");
        model.filterProperty().set("kettle");
        assertEquals(List.of("/orders"), model.filteredRows().stream().map(r -> r.exchange().target()).toList(),
                "a response header");
        model.filterProperty().set("tok-123");
        assertEquals(List.of(), model.filteredRows().stream().toList(), "a hidden secret cannot be searched for");
    }

    @Test
    void theSearchWaitsForTypingToPauseAndSearchesOnlyTheLatestText() {
        List<Runnable> onFx = new ArrayList<>();
        InspectorModel paused = new InspectorModel(ExchangeLog.KEEP, java.time.Duration.ofMillis(150),
                new Calls(Runnable::run, r -> {
                    synchronized (onFx) {
                        onFx.add(r);
                    }
                }), new ExchangeLog(), new InspectorModel.Sets(null, null), () -> null, on -> { });
        Instant now = Instant.now();
        paused.add(exchange(1, Exchange.State.DONE, "/a", 200, now));
        paused.add(exchange(2, Exchange.State.DONE, "/b", 404, now));
        paused.filterProperty().set("4");
        paused.filterProperty().set("40");
        paused.filterProperty().set("404");
        assertEquals(2, paused.filteredRows().size(), "nothing searched while typing");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> {
            synchronized (onFx) {
                return onFx.size() == 3;
            }
        });
        onFx.get(0).run(); // the FX thread runs what the pauses handed it: "4" is no longer the search
        assertEquals(2, paused.filteredRows().size(), "a search typed over is not applied");
        onFx.get(2).run();
        assertEquals(List.of("/b"), paused.filteredRows().stream().map(r -> r.exchange().target()).toList());
    }

    @Test
    void aRowSearchesItsSnapshotsTextUntilTheNextSnapshot() {
        Instant now = Instant.now();
        model.add(exchange(1, Exchange.State.PENDING, "/slow", 0, now));
        ExchangeRow row = model.rows().get(0);
        assertTrue(row.holds("/slow"));
        assertFalse(row.holds("201"));
        model.add(exchange(1, Exchange.State.DONE, "/slow", 201, now));
        assertTrue(row.holds("201"), "the finished snapshot is searched, not the pending one's text");
    }

    @Test
    void withoutASetsFolderASetReplayIsRefusedForThatReason() {
        model.replaySet("checkout");
        assertEquals(InspectorModel.NO_SETS, model.setReplayedProperty().get().refused());
    }

    @Test
    void aSetReplaysOneAtATimeWithThePagesReplays(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        ExchangeLog log = new ExchangeLog();
        SetReplay shared = new SetReplay(log);
        InspectorModel pane = new InspectorModel(ExchangeLog.KEEP, java.time.Duration.ZERO,
                new Calls(Runnable::run, Runnable::run), log, new InspectorModel.Sets(new SavedSets(dir), shared),
                () -> new LocalTarget("127.0.0.1", 1), on -> { });
        assertTrue(shared.tryStart(), "the page replays a set");
        try {
            pane.replaySet("checkout");
            assertEquals("A set is being replayed already (here or on the inspector page); try again",
                    pane.setReplayedProperty().get().refused());
        } finally {
            shared.done();
        }
        pane.replaySet("checkout");
        assertEquals("There is no saved set checkout", pane.setReplayedProperty().get().refused(),
                "once the page's is done the pane's runs");
    }

    @Test
    void secretsAreHiddenUntilAskedFor() {
        Exchange e = new Exchange(1, Instant.now(), Exchange.State.DONE, "GET", "/me?token=abc", "HTTP/1.1",
                List.of(new Exchange.Header("Authorization", "Bearer tok-123")), Body.EMPTY, 200, "OK", List.of(),
                Body.EMPTY, 3, null, 0, 0);
        assertEquals("Bearer [redacted]", model.shown(e).requestHeader("authorization").orElseThrow());
        assertFalse(model.shown(e).target().contains("abc"), model.shown(e).target());
        model.showSecretsProperty().set(true);
        assertEquals("Bearer tok-123", model.shown(e).requestHeader("authorization").orElseThrow());
        assertEquals("/me?token=abc", model.shown(e).target());
    }

    @Test
    void aBodyNotKeptWholeCannotBeReplayed() {
        Exchange big = new Exchange(1, Instant.now(), Exchange.State.DONE, "POST", "/upload", "HTTP/1.1", List.of(),
                new Body(new byte[Body.LIMIT], Body.LIMIT + 1), 200, "OK", List.of(), Body.EMPTY, 3, null, 0, 0);
        assertNull(model.replayable(big));
        assertTrue(model.replayedProperty().get().refused().endsWith("it cannot be sent again"),
                model.replayedProperty().get().refused());
    }

    @Test
    void captureSwitchesReachTheEngine() {
        model.captureProperty().set(false);
        model.captureProperty().set(true);
        assertEquals(List.of(false, true), switched);
    }
}

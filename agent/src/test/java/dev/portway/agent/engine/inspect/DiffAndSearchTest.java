// The replay diff (lines, what counts as changed) and the search in exchanges that the page and the app share.
package dev.portway.agent.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.Body;
import dev.portway.agent.engine.Exchange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiffAndSearchTest {
    private static Exchange answer(int status, String date, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return new Exchange(1, Instant.EPOCH, Exchange.State.DONE, "GET", "/cart?token=abc", "HTTP/1.1",
                List.of(new Exchange.Header("Authorization", "Bearer s3cret")), Body.EMPTY, status, "OK",
                List.of(new Exchange.Header("Date", date), new Exchange.Header("Content-Type", "application/json")),
                new Body(b, b.length), 3, null, 0, 0);
    }

    @Test
    void diffsLinesKeepingTheCommonOnesAndMarkingRemovedAndAdded() {
        List<TextDiff.Line> d = TextDiff.lines("a\nb\nc\nd", "a\nc\nx\nd");
        assertEquals(List.of(new TextDiff.Line(' ', "a"), new TextDiff.Line('-', "b"), new TextDiff.Line(' ', "c"),
                new TextDiff.Line('+', "x"), new TextDiff.Line(' ', "d")), d);
        assertTrue(d.stream().anyMatch(TextDiff.Line::changed));
        assertFalse(TextDiff.lines("same\ntext", "same\ntext").stream().anyMatch(TextDiff.Line::changed));
        assertEquals(List.of(new TextDiff.Line('+', "new")), TextDiff.lines("", "new"));
    }

    @Test
    void twoBigTextsBeyondTheTableLimitAreShownReplacedNotComparedQuadratically() {
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            a.add("a" + i);
            b.add("b" + i);
        }
        List<TextDiff.Line> d = TextDiff.lines(a, b);
        assertEquals(6000, d.size());
        assertEquals(Collections.nCopies(3000, '-'), d.subList(0, 3000).stream().map(TextDiff.Line::op).toList());
    }

    @Test
    void aReplayChangedWhenItsStatusOrBodyDiffersNotWhenOnlyItsDateDoes() {
        Exchange original = answer(200, "Mon, 07 Dec 2026 18:00:00 GMT", "{\"n\":1}");
        ExchangeDiff sameBody = ExchangeDiff.of(original, answer(200, "Mon, 07 Dec 2026 18:00:05 GMT", "{\"n\":1}"));
        assertFalse(sameBody.changed());
        assertTrue(sameBody.lines().contains(new TextDiff.Line('+', "Date: Mon, 07 Dec 2026 18:00:05 GMT")));

        ExchangeDiff otherBody = ExchangeDiff.of(original, answer(200, "Mon, 07 Dec 2026 18:00:00 GMT", "{\"n\":2}"));
        assertTrue(otherBody.bodyChanged());
        assertTrue(otherBody.lines().contains(new TextDiff.Line('-', "  \"n\" : 1")), otherBody.lines().toString());
        assertTrue(otherBody.lines().contains(new TextDiff.Line('+', "  \"n\" : 2")));

        assertTrue(ExchangeDiff.of(original, answer(500, "Mon, 07 Dec 2026 18:00:00 GMT", "{\"n\":1}"))
                .statusChanged());
    }

    @Test
    void searchFindsTextInBodiesHeadersAndPathsIgnoringCaseButNotARedactedSecret() {
        Exchange e = answer(200, "today", "{\"item\":\"Blue Widget\"}");
        assertTrue(ExchangeSearch.matches(e, "blue widget"));
        assertTrue(ExchangeSearch.matches(e, "application/JSON"));
        assertTrue(ExchangeSearch.matches(e, "/cart"));
        assertTrue(ExchangeSearch.matches(e, " "));
        assertFalse(ExchangeSearch.matches(e, "green"));
        assertFalse(ExchangeSearch.matches(e, "s3cret"), "the search looks at what is shown");
        assertFalse(ExchangeSearch.matches(e, "token=abc"));

        ExchangeLog log = new ExchangeLog();
        log.put(e);
        log.put(new Exchange(2, Instant.EPOCH, Exchange.State.DONE, "GET", "/other", "HTTP/1.1", List.of(),
                Body.EMPTY, 204, "", List.of(), Body.EMPTY, 1, null, 0, 0));
        assertEquals(List.of(1L), log.search("widget").stream().map(Exchange::id).toList());
    }
}

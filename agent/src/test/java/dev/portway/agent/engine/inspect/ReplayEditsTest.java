// An editor shows secrets hidden: what is left hidden is sent with its captured value (header by name and rank, the
// path's query parameter by parameter), what was changed is sent as typed; the page and the app both rely on this.
package dev.portway.agent.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.agent.engine.Exchange;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayEditsTest {
    private static final ReplayRequest CAPTURED = new ReplayRequest("GET", "/a?token=s1&x=1&token=s2#top", List.of(
            new Exchange.Header("Authorization", "Bearer s3cret"), new Exchange.Header("Cookie", "sid=one"),
            new Exchange.Header("Cookie", "sid=two"), new Exchange.Header("Accept", "*/*")), null);

    private static Exchange.Header h(String name, String value) {
        return new Exchange.Header(name, value);
    }

    @Test
    void aValueLeftHiddenIsSentAsCapturedAndAChangedOneAsTyped() {
        ReplayRequest sent = ReplayEdits.apply(CAPTURED, "{\"path\":\"/a?token=[redacted]&x=2&token=[redacted]"
                + "#top\",\"headers\":[{\"name\":\"X-New\",\"value\":\"n\"},"
                + "{\"name\":\"Cookie\",\"value\":\"sid=[redacted]\"},"
                + "{\"name\":\"Authorization\",\"value\":\"Bearer [redacted]\"},"
                + "{\"name\":\"Cookie\",\"value\":\"sid=[redacted]\"}]}");
        assertEquals("/a?token=s1&x=2&token=s2#top", sent.target(), "per parameter: x changed, both tokens kept");
        assertEquals(List.of(h("X-New", "n"), h("Cookie", "sid=one"), h("Authorization", "Bearer s3cret"),
                h("Cookie", "sid=two")), sent.headers(), "two identical hidden lines: the two captured values");

        ReplayRequest moved = ReplayEdits.apply(CAPTURED, "{\"path\":\"/b?x=1&token=[redacted]\",\"headers\":["
                + "{\"name\":\"Cookie\",\"value\":\"sid=[redacted]; more=1\"},{\"name\":\"Cookie\",\"value\":"
                + "\"sid=[redacted]\"},{\"name\":\"Authorization\",\"value\":\"Bearer other\"}]}");
        assertEquals("/b?x=1&token=s1", moved.target());
        assertEquals(List.of(h("Cookie", "sid=[redacted]; more=1"), h("Cookie", "sid=two"),
                h("Authorization", "Bearer other")), moved.headers(), "a changed line is sent as typed");
    }

    @Test
    void theAppsEditIsUnhiddenTheSameWay() {
        ReplayRequest edited = new ReplayRequest("POST", "/a?token=[redacted]&x=1&token=s9", List.of(
                h("cookie", "sid=[redacted]"), h("Accept", "*/*")), null);
        ReplayRequest sent = ReplayEdits.unhidden(CAPTURED, edited);
        assertEquals("/a?token=s1&x=1&token=s9", sent.target());
        assertEquals(List.of(h("Cookie", "sid=one"), h("Accept", "*/*")), sent.headers());
        assertEquals("POST", sent.method());
    }
}

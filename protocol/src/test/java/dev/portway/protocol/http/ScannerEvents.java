// What an Http1Scanner reports, written down as lines (heads, content sizes summed per message, ends, garbage): the
// listener of the scanner's tests and of its fuzz target.
package dev.portway.protocol.http;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

final class ScannerEvents implements Http1Scanner.Listener {
    final List<String> seen = new ArrayList<>();
    private final boolean requests;
    private final Function<Http1Scanner, Http1Scanner.Body> decide;
    private long content;
    /** All content reported, in every message; and whether a report was of fewer than no bytes. */
    long allContent;
    boolean negative;

    ScannerEvents(boolean requests, Function<Http1Scanner, Http1Scanner.Body> decide) {
        this.requests = requests;
        this.decide = decide;
    }

    @Override
    public Http1Scanner.Body head(Http1Scanner head) {
        seen.add(head.version() + " " + (requests ? head.method() + " " + head.target()
                : head.status() + " " + head.reason()));
        return decide.apply(head);
    }

    @Override
    public void content(int bytes) {
        negative |= bytes < 0;
        allContent += bytes;
        content += bytes;
    }

    @Override
    public void end() {
        seen.add("end " + content);
        content = 0;
    }

    @Override
    public void garbage() {
        seen.add("garbage");
    }
}

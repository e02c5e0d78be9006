// One row of the reliability table per test: the case, what was expected, what was seen (with figures), pass or
// fail. Rows are appended to the file named by -Dreliability.rows as each test finishes; reliability/run gathers them.
package dev.portway.agent.reliability;

import dev.portway.server.reliability.RowFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

public final class Row implements AfterTestExecutionCallback {
    private String name = "?";
    private String expected = "?";
    private final List<String> seen = new ArrayList<>();

    /** Names the case and says what must happen; call first in the test. */
    public Row expect(String caseName, String expectation) {
        this.name = caseName;
        this.expected = expectation;
        return this;
    }

    /** Adds a figure to what was seen (printf-style, Locale.ROOT). */
    public synchronized void seen(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        seen.add(text);
        System.out.println("[" + name + "] " + text);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) throws IOException {
        Throwable failure = context.getExecutionException().orElse(null);
        String observed;
        synchronized (this) {
            observed = String.join("; ", seen);
        }
        if (failure != null) {
            observed = (observed.isEmpty() ? "" : observed + "; ") + RowFile.failure(failure);
        }
        RowFile.write(name, expected, observed, failure == null);
    }
}

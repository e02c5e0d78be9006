// One HTTP exchange seen through the tunnel: what the agent prints and the app lists.
package dev.portway.agent.engine;

import dev.portway.agent.engine.inspect.Redactor;
import java.time.Instant;

public record RequestLog(Instant time, String method, String path, int status, long durationMillis, long bytes) {

    /** The log line of an exchange that ended; secrets in its query are hidden (logs are shared). */
    public static RequestLog of(Exchange e) {
        return new RequestLog(e.start(), e.method(), Redactor.target(e.target()), e.status(), e.durationMillis(),
                e.responseBody().size());
    }

    /** "GET /path 200 12 ms 3.4 kB" */
    public String line() {
        return method + " " + path + " " + status + " " + durationMillis + " ms " + Sizes.human(bytes);
    }
}

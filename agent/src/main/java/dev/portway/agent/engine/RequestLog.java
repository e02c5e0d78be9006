// One HTTP exchange seen through the tunnel: what the agent prints and the app lists.
package dev.portway.agent.engine;

import java.time.Instant;

public record RequestLog(Instant time, String method, String path, int status, long durationMillis, long bytes) {

    /** "GET /path 200 12 ms 3.4 kB" */
    public String line() {
        return method + " " + path + " " + status + " " + durationMillis + " ms " + Sizes.human(bytes);
    }
}

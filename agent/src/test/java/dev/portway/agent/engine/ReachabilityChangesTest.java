// The local service's reachability is reported when it changes, not once per visitor; other events pass through.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReachabilityChangesTest {
    @Test
    void onlyChangesArePassedOn() {
        List<String> heard = new ArrayList<>();
        AgentListener changes = new ReachabilityChanges(new AgentListener() {
            @Override
            public void onLocalService(boolean reachable, String detail) {
                heard.add(reachable + " " + detail);
            }

            @Override
            public void onRequest(RequestLog log) {
                heard.add(log.line());
            }
        });
        changes.onLocalService(true, "localhost:8000"); // reachable is where an agent starts
        changes.onLocalService(false, "connection refused");
        changes.onLocalService(false, "connection refused");
        changes.onRequest(new RequestLog(Instant.EPOCH, "GET", "/", 502, 1, 0));
        changes.onLocalService(true, "localhost:8000");
        changes.onLocalService(true, "localhost:8000");
        assertEquals(List.of("false connection refused", "GET / 502 1 ms 0 B", "true localhost:8000"), heard);
    }
}

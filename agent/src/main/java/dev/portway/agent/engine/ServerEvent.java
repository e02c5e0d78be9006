// One event from GET /api/v1/events: its name (see ApiEvents) and its JSON data.
package dev.portway.agent.engine;

import dev.portway.protocol.Json;
import java.io.IOException;

public record ServerEvent(String name, String data) {
    /** The data as the record that event carries. */
    public <T> T data(Class<T> type) {
        try {
            return Json.mapper().readValue(data, type);
        } catch (IOException e) {
            throw new ApiException("bad_event", 0, "the server sent a " + name + " event that is not "
                    + type.getSimpleName() + ": " + e.getMessage());
        }
    }
}

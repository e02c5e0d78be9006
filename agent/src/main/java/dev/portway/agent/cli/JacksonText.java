// Jackson's pretty JSON of any API object, for the commands that print one; a class of its own so that loading the
// command line's Context does not load Jackson (a connect never prints one).
package dev.portway.agent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.portway.protocol.Json;

final class JacksonText {
    private JacksonText() {
    }

    static String pretty(Object value) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

// What a replay sends: the captured request, which the inspector may let a person edit first.
package dev.portway.agent.engine.inspect;

import dev.portway.agent.engine.Body;
import dev.portway.agent.engine.Exchange;
import java.util.List;

public record ReplayRequest(String method, String target, List<Exchange.Header> headers, byte[] body) {
    public ReplayRequest {
        headers = headers == null ? List.of() : List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** The request as it was; refused when its body was too big to be kept whole. */
    public static ReplayRequest of(Exchange e) {
        if (!e.requestBody().whole()) {
            throw new IllegalStateException("the request body was " + e.requestBody().size() + " bytes and only "
                    + Body.LIMIT / 1024 + " KiB were kept: it cannot be sent again");
        }
        return new ReplayRequest(e.method(), e.target(), e.requestHeaders(), e.requestBody().captured());
    }
}

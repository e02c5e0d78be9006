// One HTTP exchange through a tunnel as the inspector shows it: request and response heads, the first part of
// each body, timings, and how it ended. Immutable: a pending exchange is sent again once it is done or failed.
package dev.portway.agent.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public record Exchange(long id, Instant start, State state, String method, String target, String httpVersion,
                       List<Header> requestHeaders, Body requestBody, int status, String reason,
                       List<Header> responseHeaders, Body responseBody, long durationMillis, String failure,
                       long upgradedBytesIn, long upgradedBytesOut) {

    /** PENDING: no complete response yet; DONE: answered; FAILED: ended without a whole answer. */
    public enum State { PENDING, DONE, FAILED }

    public record Header(String name, String value) {
    }

    public Exchange {
        requestHeaders = requestHeaders == null ? List.of() : List.copyOf(requestHeaders);
        responseHeaders = responseHeaders == null ? List.of() : List.copyOf(responseHeaders);
        requestBody = requestBody == null ? Body.EMPTY : requestBody;
        responseBody = responseBody == null ? Body.EMPTY : responseBody;
    }

    public Optional<String> requestHeader(String name) {
        return requestHeaders.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
    }

    public Optional<String> responseHeader(String name) {
        return responseHeaders.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value)
                .findFirst();
    }

    /** The path part of the target, as the request log shows it. */
    public String path() {
        return target;
    }

    /**
     * What the inspector page, the HAR and the JSON log show by default: credentials, cookie values and secret query
     * parameters hidden (Redactor). This exchange keeps the raw values, for replay and an explicit "show".
     */
    public Exchange redacted() {
        return dev.portway.agent.engine.inspect.Redactor.exchange(this);
    }

    public boolean upgraded() {
        return status == 101;
    }
}

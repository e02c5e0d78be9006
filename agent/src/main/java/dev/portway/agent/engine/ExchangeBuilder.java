// Gathers one exchange while its parts pass the tap, and makes the snapshots the inspector shows.
package dev.portway.agent.engine;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

final class ExchangeBuilder {
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final Instant start = Instant.now();
    private final long startNanos = System.nanoTime();
    private final boolean capture;
    /** Bytes kept of each body; 0 with capture off. */
    private final int bodyLimit;
    private final String method;
    private final String target;
    private final String version;
    private final List<Exchange.Header> requestHeaders;
    private final BodyCapture requestBody;
    private int status;
    private String reason;
    private List<Exchange.Header> responseHeaders = List.of();
    private BodyCapture responseBody;
    private long upgradedIn;
    private long upgradedOut;

    ExchangeBuilder(HttpRequest req, boolean capture) {
        this(req, capture ? Body.LIMIT : 0);
    }

    /** bodyLimit: bytes kept of each body, 0 for capture off (no heads kept either). */
    ExchangeBuilder(HttpRequest req, int bodyLimit) {
        this(req.method().name(), req.uri(), req.protocolVersion().text(),
                bodyLimit > 0 ? headers(req.headers()) : List.of(), bodyLimit);
    }

    /** Capture off: only what the log line and the counters need. */
    ExchangeBuilder(String method, String target, String version) {
        this(method, target, version, List.of(), 0);
    }

    private ExchangeBuilder(String method, String target, String version, List<Exchange.Header> requestHeaders,
                            int bodyLimit) {
        this.capture = bodyLimit > 0;
        this.bodyLimit = bodyLimit;
        this.method = method;
        this.target = target;
        this.version = version;
        this.requestHeaders = requestHeaders;
        this.requestBody = new BodyCapture(bodyLimit);
        this.responseBody = new BodyCapture(bodyLimit);
    }

    private static List<Exchange.Header> headers(HttpHeaders h) {
        List<Exchange.Header> all = new ArrayList<>();
        for (Map.Entry<String, String> e : h) {
            all.add(new Exchange.Header(e.getKey(), e.getValue()));
        }
        return all;
    }

    String method() {
        return method;
    }

    int status() {
        return status;
    }

    void requestContent(ByteBuf content) {
        requestBody.add(content);
    }

    void response(HttpResponse res) {
        status = res.status().code();
        reason = res.status().reasonPhrase();
        responseHeaders = capture ? headers(res.headers()) : List.of();
        responseBody = new BodyCapture(bodyLimit); // an interim (1xx) response's parts are not the final body
    }

    /** Capture off: the head's status line only. */
    void response(int status, String reason) {
        this.status = status;
        this.reason = reason;
        responseBody = new BodyCapture(0);
    }

    void requestBytes(int n) {
        requestBody.count(n);
    }

    void responseBytes(int n) {
        responseBody.count(n);
    }

    void responseContent(ByteBuf content) {
        responseBody.add(content);
    }

    void upgradedIn(long n) {
        upgradedIn += n;
    }

    void upgradedOut(long n) {
        upgradedOut += n;
    }

    /** Failed before the local service answered: the status the visitor got from the edge, and why. */
    Exchange failed(int edgeStatus, String failure) {
        status = edgeStatus;
        return build(Exchange.State.FAILED, failure);
    }

    Exchange build(Exchange.State state, String failure) {
        return new Exchange(id, start, state, method, target, version, requestHeaders, requestBody.body(), status,
                reason, responseHeaders, responseBody.body(), (System.nanoTime() - startNanos) / 1_000_000, failure,
                upgradedIn, upgradedOut);
    }
}

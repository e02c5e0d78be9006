// Capture off: two Http1Scanners follow the framing in place, with no copy. The log line needs only the start lines
// and the sizes, and decoding every exchange cost a quarter of the agent's loop.
package dev.portway.agent.engine;

import dev.portway.protocol.http.Http1Scanner;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpMethod;

final class ScanningReader implements ExchangeReader {
    private final Events events;
    private final Http1Scanner requests;
    private final Http1Scanner responses;

    ScanningReader(Events events) {
        this.events = events;
        this.requests = Http1Scanner.requests(new RequestHeads());
        this.responses = Http1Scanner.responses(new ResponseHeads());
    }

    @Override
    public void request(ByteBuf bytes) {
        requests.scan(bytes);
    }

    @Override
    public void response(ByteBuf bytes) {
        responses.scan(bytes);
    }

    @Override
    public void closed() {
        responses.closed();
    }

    @Override
    public void stop() {
        requests.stop();
        responses.stop();
    }

    @Override
    public boolean atBoundary() {
        return requests.atMessageStart() && responses.atMessageStart();
    }

    /** A response to HEAD has no body whatever its head says (the scanner asks as it reads, so head is current). */
    private static boolean headRequested(ExchangeBuilder answering) {
        return answering != null && HttpMethod.HEAD.name().equals(answering.method());
    }

    private final class RequestHeads implements Http1Scanner.Listener {
        @Override
        public Http1Scanner.Body head(Http1Scanner head) {
            events.requestHead(new ExchangeBuilder(head.method(), head.target(), head.version()));
            return Http1Scanner.Body.AS_FRAMED;
        }

        @Override
        public void content(int bytes) {
            ExchangeBuilder sending = events.sending();
            if (sending != null) {
                sending.requestBytes(bytes);
            }
        }

        @Override
        public void garbage() {
            events.unreadable("not a request the inspector can read");
        }
    }

    private final class ResponseHeads implements Http1Scanner.Listener {
        @Override
        public Http1Scanner.Body head(Http1Scanner scanned) {
            ExchangeBuilder head = events.answering();
            if (head != null) {
                head.response(scanned.status(), scanned.reason());
            }
            if (events.upgradedBy(scanned.status())) {
                return Http1Scanner.Body.STOP;
            }
            return headRequested(head) ? Http1Scanner.Body.NONE : Http1Scanner.Body.AS_FRAMED;
        }

        @Override
        public void content(int bytes) {
            ExchangeBuilder head = events.answering();
            if (head != null) {
                head.responseBytes(bytes);
            }
        }

        @Override
        public void end() {
            events.responseEnded();
        }

        @Override
        public void garbage() {
            events.unreadable("not a response the inspector can read");
        }
    }
}

// Each of the tap's two readers, on its own: both tell the tap the same events for the same bytes (heads, ends, a
// HEAD's bodiless answer, a 101, a response ended by the close, garbage); only the decoding one keeps heads and bodies.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExchangeReaderTest {
    /** A tap reduced to its bookkeeping: what the reader said, in order. */
    private static final class Recorder implements ExchangeReader.Events {
        final List<String> said = new ArrayList<>();
        final Deque<ExchangeBuilder> inFlight = new ArrayDeque<>();
        final List<Exchange> done = new ArrayList<>();
        ExchangeReader reader;
        ExchangeBuilder sending;
        boolean active = true;

        @Override
        public void requestHead(ExchangeBuilder exchange) {
            said.add("request " + exchange.method());
            inFlight.add(exchange);
            sending = exchange;
        }

        @Override
        public ExchangeBuilder sending() {
            return sending;
        }

        @Override
        public ExchangeBuilder answering() {
            return inFlight.peek();
        }

        @Override
        public boolean upgradedBy(int status) {
            said.add("status " + status);
            if (status != 101) {
                return false;
            }
            stop();
            return true;
        }

        @Override
        public void responseEnded() {
            said.add("end");
            if (inFlight.peek() != null && inFlight.peek().status() >= 200) {
                done.add(inFlight.poll().build(Exchange.State.DONE, null));
            }
        }

        @Override
        public void unreadable(String reason) {
            said.add("unreadable: " + reason);
            stop();
        }

        private void stop() {
            active = false;
            reader.stop();
        }

        @Override
        public boolean active() {
            return active;
        }

        void sent(String text) {
            if (active) {
                reader.request(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
            }
        }

        void answered(String text) {
            if (active) {
                reader.response(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
            }
        }
    }

    private static Recorder reading(boolean decoding) {
        Recorder r = new Recorder();
        r.reader = decoding ? new DecodingReader(r, Body.LIMIT) : new ScanningReader(r);
        return r;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void followsAnExchangeWithBodiesAndAnInterimResponse(boolean decoding) {
        Recorder r = reading(decoding);
        r.sent("POST /orders HTTP/1.1\r\nHost: shop.test\r\nContent-Length: 5\r\n\r\nhello");
        r.answered("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n0\r\n\r\n");
        assertEquals(List.of("request POST", "status 100", "end", "status 201", "end"), r.said);
        Exchange e = r.done.get(0);
        assertEquals(201, e.status());
        assertEquals("Created", e.reason());
        assertEquals(5, e.requestBody().size());
        assertEquals(3, e.responseBody().size());
        assertEquals(decoding ? "hello" : "", e.requestBody().text());
        assertEquals(decoding ? "abc" : "", e.responseBody().text());
        assertEquals(decoding ? "shop.test" : null, e.requestHeader("Host").orElse(null));
        r.reader.stop();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aResponseToHeadHasNoBodyWhateverItsHeadSays(boolean decoding) {
        Recorder r = reading(decoding);
        r.sent("HEAD /big HTTP/1.1\r\n\r\nGET /small HTTP/1.1\r\n\r\n");
        r.answered("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assertEquals(List.of("request HEAD", "request GET", "status 200", "end", "status 200", "end"), r.said);
        assertEquals(List.of(0L, 2L), r.done.stream().map(e -> e.responseBody().size()).toList());
        r.reader.stop();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aSwitchToAnotherProtocolEndsTheReading(boolean decoding) {
        Recorder r = reading(decoding);
        r.sent("GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
        r.answered("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\u0081\u0002hi");
        r.answered("garbage that is no longer HTTP");
        assertEquals(List.of("request GET", "status 101"), r.said);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aResponseWithoutLengthEndsWithTheConnection(boolean decoding) {
        Recorder r = reading(decoding);
        r.sent("GET / HTTP/1.0\r\n\r\n");
        r.answered("HTTP/1.0 200 OK\r\n\r\nuntil the close");
        assertEquals(List.of("request GET", "status 200"), r.said);
        r.reader.closed();
        assertEquals(List.of("request GET", "status 200", "end"), r.said);
        assertEquals(15, r.done.get(0).responseBody().size());
        r.reader.stop();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void garbageStopsTheReadingWithAReason(boolean decoding) {
        Recorder r = reading(decoding);
        r.sent("GET / HTTP/1.1\r\n\r\n");
        r.answered("SSH-2.0-OpenSSH_9.6\r\n\r\n");
        assertEquals(List.of("request GET", "unreadable: not a response the inspector can read"), r.said);
    }
}

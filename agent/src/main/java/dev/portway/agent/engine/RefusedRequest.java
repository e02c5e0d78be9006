// The request of a visitor whose local service could not be reached: read from the bytes that came, so the
// inspector lists it (failed, 502) instead of nothing. With capture off only its method, path and status are kept,
// as for any other exchange.
package dev.portway.agent.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Consumer;

final class RefusedRequest {
    /** A request head is looked for in this much; past it the bytes are not HTTP worth showing. */
    private static final int MAX_HEAD = 16 * 1024;
    private final EmbeddedChannel decoder = new EmbeddedChannel(new HttpRequestDecoder(8192, MAX_HEAD, 8192));
    private final String reason;
    private final boolean capture;
    private final Consumer<Exchange> sink;
    private long seen;
    private boolean done;

    RefusedRequest(String reason, boolean capture, Consumer<Exchange> sink) {
        this.reason = reason;
        this.capture = capture;
        this.sink = sink;
    }

    /** Reads (without taking) the bytes; reports the exchange once its request head is complete. */
    void feed(ByteBuf bytes) {
        if (done) {
            return;
        }
        seen += bytes.readableBytes();
        decoder.writeInbound(bytes.retainedDuplicate());
        Object part;
        while ((part = decoder.readInbound()) != null) {
            try {
                if (!done && part instanceof HttpRequest req && req.decoderResult().isSuccess()) {
                    done = true;
                    ExchangeBuilder b = new ExchangeBuilder(req, capture);
                    sink.accept(b.failed(502, reason));
                }
            } finally {
                ReferenceCountUtil.release(part);
            }
        }
        if (done || seen > MAX_HEAD) {
            done = true;
            decoder.finishAndReleaseAll();
        }
    }
}

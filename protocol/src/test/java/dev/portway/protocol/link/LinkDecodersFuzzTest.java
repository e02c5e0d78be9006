// Fuzzing what an agent or a stranger can send before and after the hello: the hello codec, and the stream
// metadata the agent parses from the edge's HEADERS. `verify` replays the stored inputs (and any crash found
// before); JAZZER_FUZZ=1 runs a bounded fuzzing session that looks for new ones.
package dev.portway.protocol.link;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JacksonException;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.ReferenceCountUtil;

@org.junit.jupiter.api.extension.ExtendWith(FuzzRows.class)
class LinkDecodersFuzzTest {

    /** Any input either decodes to hello messages or fails with one of the codec's own, expected errors. */
    @FuzzTest(maxDuration = "60s")
    void helloCodecTakesAnyBytes(byte[] input) {
        FuzzRows.ran("helloCodecTakesAnyBytes");
        EmbeddedChannel ch = new EmbeddedChannel(new HelloCodec());
        expectOnlyCodecErrors(() -> ch.writeInbound(Unpooled.wrappedBuffer(input)));
        Object msg;
        while ((msg = ch.readInbound()) != null) {
            if (!(msg instanceof LinkMessage)) {
                throw new AssertionError("the hello codec produced " + msg.getClass());
            }
            ReferenceCountUtil.release(msg);
        }
        // Closing decodes what is left once more: the same rules hold.
        expectOnlyCodecErrors(ch::finishAndReleaseAll);
    }

    /** Runs the step; a failure is fine only when it is one of the codec's own, expected errors. */
    private static void expectOnlyCodecErrors(Runnable step) {
        try {
            step.run();
        } catch (DecoderException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            boolean expected = e instanceof CorruptedFrameException || cause instanceof JacksonException
                    || cause instanceof IllegalArgumentException;
            if (!expected) {
                throw e;
            }
        }
    }

    /** Whatever headers arrive, stream metadata and replies parse without throwing, to plain values. */
    @FuzzTest(maxDuration = "30s")
    void streamHeadersParseWhateverArrives(FuzzedDataProvider data) {
        FuzzRows.ran("streamHeadersParseWhateverArrives");
        Http2Headers h = new DefaultHttp2Headers(false);
        int n = data.consumeInt(0, 8);
        String[] names = {"portway-kind", "portway-socket", "portway-visitor", "portway-scheme", "portway-error",
                ":status", "x-other"};
        for (int i = 0; i < n; i++) {
            h.add(data.pickValue(names), data.consumeString(200));
        }
        StreamMeta meta = StreamMeta.fromHeaders(h);
        if (meta.kind() == null || meta.socketId() == null || meta.visitor() == null || meta.scheme() == null) {
            throw new AssertionError("metadata with a null field: " + meta);
        }
        StreamReply reply = StreamReply.fromHeaders(h);
        if (!reply.connected() && reply.error() == null) {
            throw new AssertionError("a refusal without a reason: " + reply);
        }
        // Written back, metadata reads the same; a value no HTTP/2 header may carry (a control character) is
        // refused by the header check when written, so it never reaches the wire.
        Http2Headers written;
        try {
            written = meta.toHeaders();
        } catch (IllegalArgumentException e) {
            return;
        }
        if (!StreamMeta.fromHeaders(written).equals(meta)) {
            throw new AssertionError("metadata changed on a round trip: " + meta);
        }
    }
}

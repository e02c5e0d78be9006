// Capture on: the tap's bytes go through Netty's HTTP decoders (on a copy-free duplicate), which give the inspector
// each request's and response's head and the first part of each body.
package dev.portway.agent.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;

final class DecodingReader implements ExchangeReader {
    private final Events events;
    private final RequestDecoder requestDecoder = new RequestDecoder();
    private final ResponseDecoder responseDecoder = new ResponseDecoder();
    private final EmbeddedChannel requests = new EmbeddedChannel(requestDecoder);
    private final EmbeddedChannel responses = new EmbeddedChannel(responseDecoder);
    /** Messages whose start line the decoders read and whose end they have not given yet (one count per side). */
    private int openRequests;
    private int openResponses;
    /** The methods of the requests whose final response head the decoder has not read yet, oldest first. */
    private final Queue<String> unanswered = new ArrayDeque<>();

    private final int bodyLimit;

    /** bodyLimit: the bytes kept of each body, more than 0. */
    DecodingReader(Events events, int bodyLimit) {
        this.events = events;
        this.bodyLimit = bodyLimit;
    }

    @Override
    public void request(ByteBuf bytes) {
        observe(requests, bytes, this::onRequestPart);
    }

    @Override
    public void response(ByteBuf bytes) {
        observe(responses, bytes, this::onResponsePart);
    }

    @Override
    public void closed() {
        // A response without length ends with the connection: the decoder completes it on close.
        responses.finish();
        drain(responses, this::onResponsePart);
    }

    @Override
    public void stop() {
        requests.finishAndReleaseAll();
        responses.finishAndReleaseAll();
    }

    @Override
    public boolean atBoundary() {
        return openRequests == 0 && openResponses == 0 && !requestDecoder.holdsBytes()
                && !responseDecoder.holdsBytes();
    }

    private void observe(EmbeddedChannel decoder, ByteBuf bytes, Consumer<Object> onPart) {
        try {
            decoder.writeInbound(bytes.retainedDuplicate());
            drain(decoder, onPart);
        } catch (RuntimeException e) {
            events.unreadable("the inspector could not follow this connection: " + e.getMessage());
        }
    }

    private void drain(EmbeddedChannel decoder, Consumer<Object> onPart) {
        Object part;
        while ((part = decoder.readInbound()) != null) {
            try {
                if (events.active()) {
                    onPart.accept(part);
                }
            } finally {
                ReferenceCountUtil.release(part);
            }
        }
    }

    private void onRequestPart(Object part) {
        if (part instanceof HttpRequest req) {
            if (req.decoderResult().isFailure()) {
                events.unreadable("not a request the inspector can read");
                return;
            }
            unanswered.add(req.method().name());
            events.requestHead(new ExchangeBuilder(req, bodyLimit));
        }
        ExchangeBuilder sending = events.sending();
        if (part instanceof HttpContent content && sending != null) {
            sending.requestContent(content.content());
        }
        if (part instanceof LastHttpContent) {
            openRequests--;
        }
    }

    private void onResponsePart(Object part) {
        ExchangeBuilder head = events.answering();
        if (part instanceof HttpResponse res) {
            if (res.decoderResult().isFailure()) {
                events.unreadable("not a response the inspector can read");
                return;
            }
            if (head != null) {
                head.response(res);
            }
            if (events.upgradedBy(res.status().code())) {
                return;
            }
        }
        if (part instanceof HttpContent content && head != null) {
            head.responseContent(content.content());
        }
        if (part instanceof LastHttpContent) {
            openResponses--;
            events.responseEnded();
        }
    }

    /** Counts the requests begun (their start line read): a head can be half read with no byte left buffered. */
    private final class RequestDecoder extends HttpRequestDecoder {
        RequestDecoder() {
            super(8192, 32 * 1024, 65536);
        }

        @Override
        protected HttpMessage createMessage(String[] initialLine) throws Exception {
            openRequests++;
            return super.createMessage(initialLine);
        }

        boolean holdsBytes() {
            return internalBuffer().isReadable();
        }
    }

    private final class ResponseDecoder extends HttpResponseDecoder {
        ResponseDecoder() {
            super(8192, 32 * 1024, 65536);
        }

        @Override
        protected HttpMessage createMessage(String[] initialLine) {
            openResponses++;
            return super.createMessage(initialLine);
        }

        @Override
        protected boolean isContentAlwaysEmpty(HttpMessage msg) {
            // Asked as the decoder reads each head, which can be ahead of the exchanges the tap has seen end:
            // a pipelined answer to HEAD and the next response may come in one read.
            boolean answer = msg instanceof HttpResponse res && res.status().code() >= 200;
            return answer && HttpMethod.HEAD.name().equals(unanswered.poll()) || super.isContentAlwaysEmpty(msg);
        }

        boolean holdsBytes() {
            return internalBuffer().isReadable();
        }
    }
}

// Gathers a request into one message, refusing a body over MAX_BODY with the API's JSON error: the inspector's
// POST bodies (replay edits, a HAR import) are small and held whole, so their size is capped.
package dev.portway.agent.engine.inspect;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

final class BodyLimit extends HttpObjectAggregator {
    /** A HAR of the log's exchanges with text bodies fits; anything bigger is refused. */
    static final int MAX_BODY = 8 * 1024 * 1024;

    BodyLimit(int max) {
        super(max);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        // Kept open while the rest of the body comes (the aggregator drops it): a client still sending would see a
        // reset, not this answer, if the connection closed now.
        boolean keepAlive = !(oversized instanceof FullHttpMessage) && HttpUtil.isKeepAlive(oversized);
        Replies.error(ctx, keepAlive, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "body_too_large",
                "the request body is over " + maxContentLength() + " bytes");
    }
}

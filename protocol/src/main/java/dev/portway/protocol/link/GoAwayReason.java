// Why the edge closes a tunnel link on purpose, sent as the GOAWAY frame's debug data (JSON, the shape of a refused
// hello's code and message): an agent told "replaced" stops instead of taking the close for a server restart, one told
// "kicked" (by the server's admin) says so and dials again. Older agents ignore debug data; a GOAWAY without one still
// means the server is stopping.
package dev.portway.protocol.link;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portway.protocol.Json;
import dev.portway.protocol.api.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.util.Optional;

public record GoAwayReason(String errorCode, String message) {
    /** Debug data past this is no reason of ours (a GOAWAY frame may carry up to a frame's size). */
    static final int MAX_BYTES = 4096;
    private static final ObjectMapper JSON = Json.mapper();

    public static GoAwayReason of(ErrorCode code, String message) {
        return new GoAwayReason(code.wire(), message);
    }

    public ByteBuf encode(ByteBufAllocator alloc) {
        try {
            return alloc.buffer().writeBytes(JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The reason in a GOAWAY's debug data; empty when there is none, or it is not one (left unreleased). */
    public static Optional<GoAwayReason> decode(ByteBuf debugData) {
        if (debugData == null || !debugData.isReadable() || debugData.readableBytes() > MAX_BYTES) {
            return Optional.empty();
        }
        try {
            GoAwayReason r = JSON.readValue(ByteBufUtil.getBytes(debugData), GoAwayReason.class);
            return r == null || r.errorCode() == null || r.message() == null ? Optional.empty() : Optional.of(r);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}

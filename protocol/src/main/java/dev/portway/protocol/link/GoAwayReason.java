// Why the edge closes a tunnel link on purpose, sent as the GOAWAY frame's debug data (JSON, the shape of a refused
// hello's code and message): an agent told "replaced" stops instead of taking the close for a server restart, one told
// "kicked" (by the server's admin) says so and dials again. Older agents ignore debug data; a GOAWAY without one still
// means the server is stopping.
package dev.portway.protocol.link;

import dev.portway.protocol.api.ErrorCode;
import dev.portway.protocol.json.JsonReader;
import dev.portway.protocol.json.JsonWriter;
import dev.portway.protocol.json.RecordMapping;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

public record GoAwayReason(String errorCode, String message) {
    /** Debug data past this is no reason of ours (a GOAWAY frame may carry up to a frame's size). */
    static final int MAX_BYTES = 4096;

    public static GoAwayReason of(ErrorCode code, String message) {
        return new GoAwayReason(code.wire(), message);
    }

    public ByteBuf encode(ByteBufAllocator alloc) {
        return alloc.buffer().writeBytes(JsonWriter.compact(this).getBytes(StandardCharsets.UTF_8));
    }

    /** The reason in a GOAWAY's debug data; empty when there is none, or it is not one (left unreleased). */
    public static Optional<GoAwayReason> decode(ByteBuf debugData) {
        if (debugData == null || !debugData.isReadable() || debugData.readableBytes() > MAX_BYTES) {
            return Optional.empty();
        }
        try {
            GoAwayReason r = RecordMapping.read(JsonReader.parse(debugData.toString(debugData.readerIndex(),
                    debugData.readableBytes(), StandardCharsets.UTF_8)), GoAwayReason.class);
            return r == null || r.errorCode() == null || r.message() == null ? Optional.empty() : Optional.of(r);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

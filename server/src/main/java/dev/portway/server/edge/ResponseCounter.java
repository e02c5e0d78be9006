// Counts the origin's answers on one visitor connection by status class. It follows HTTP/1.1 framing over the
// bytes the relay passes on (status line, Content-Length or chunked, HEAD/204/304 without body) without copying
// or allocating: heads and chunk-size lines are read byte by byte, bodies are skipped by their length. What it
// cannot follow (a body until close, a 101 or CONNECT that turns the connection raw, a line that is not HTTP)
// ends its counting for the connection; the bytes themselves are never touched.
package dev.portway.server.edge;

import dev.portway.server.metrics.ServerMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayDeque;
import java.util.Queue;

final class ResponseCounter {
    private enum State { STATUS, HEADERS, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, DONE }

    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING =
            "transfer-encoding".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CHUNKED = "chunked".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] HTTP = "HTTP/".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int STATUS_AT = "HTTP/1.1 ".length();

    private final ServerMetrics metrics;
    private final String edge;
    /** The methods of requests sent and not yet answered, oldest first. */
    private final Queue<HttpMethod> asked = new ArrayDeque<>();
    private State state = State.STATUS;
    /** Position in the current line; bytes of the current line that are not CR. */
    private int column;
    private int status;
    private long length;
    private boolean hasLength;
    private boolean chunked;
    /** In a header line: how far the name still matches Content-Length / Transfer-Encoding; -1 once it does not. */
    private int lengthName;
    private int encodingName;
    private boolean inValue;
    private int chunkedMatch;

    ResponseCounter(ServerMetrics metrics, String edge) {
        this.metrics = metrics;
        this.edge = edge;
    }

    /** A request went to the origin; its answer is expected after those of the requests before it. */
    void asked(HttpMethod method) {
        if (state != State.DONE) {
            asked.add(method);
        }
    }

    /** The edge answered the oldest request itself (the agent could not reach the origin). */
    void answeredByEdge(int code) {
        asked.poll();
        metrics.edgeAnswered(edge, code);
        state = State.DONE;
    }

    /** The bytes of the origin's answer as they pass on to the visitor (not consumed). */
    void scan(ByteBuf buf) {
        int i = buf.readerIndex();
        int end = buf.writerIndex();
        while (i < end && state != State.DONE) {
            if (state == State.BODY || state == State.CHUNK_DATA) {
                int skip = (int) Math.min(length, end - i);
                i += skip;
                length -= skip;
                if (length == 0) {
                    state = state == State.BODY ? State.STATUS : State.CHUNK_END;
                    column = 0;
                }
            } else {
                next(buf.getByte(i++));
            }
        }
    }

    private void next(byte b) {
        if (b == '\r') {
            return;
        }
        if (b == '\n') {
            endOfLine();
            column = 0;
            return;
        }
        switch (state) {
            case STATUS -> status(b);
            case HEADERS -> header(b);
            case CHUNK_SIZE -> chunkSize(b);
            default -> { } // CHUNK_END and TRAILERS: the line's content does not matter, only where it ends
        }
        column++;
    }

    private void status(byte b) {
        if (column < HTTP.length && b != HTTP[column]) {
            state = State.DONE; // not an HTTP/1.x answer: nothing here can be counted
        } else if (column >= STATUS_AT && column < STATUS_AT + 3) {
            status = status * 10 + (b - '0');
        }
    }

    private void header(byte b) {
        if (column == 0) {
            lengthName = 0;
            encodingName = 0;
            inValue = false;
        }
        if (inValue) {
            if (lengthName == CONTENT_LENGTH.length && b >= '0' && b <= '9') {
                length = length * 10 + (b - '0');
                hasLength = true;
            } else if (encodingName == TRANSFER_ENCODING.length) {
                chunkedMatch = lower(b) == CHUNKED[chunkedMatch] ? chunkedMatch + 1 : lower(b) == 'c' ? 1 : 0;
                if (chunkedMatch == CHUNKED.length) {
                    chunked = true;
                    chunkedMatch = 0;
                }
            }
            return;
        }
        if (b == ':') {
            inValue = true;
            chunkedMatch = 0;
            return;
        }
        lengthName = matches(CONTENT_LENGTH, lengthName, b);
        encodingName = matches(TRANSFER_ENCODING, encodingName, b);
    }

    private static int matches(byte[] name, int at, byte b) {
        return at >= 0 && at < name.length && lower(b) == name[at] ? at + 1 : -1;
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }

    private void chunkSize(byte b) {
        if (column < 0) {
            return; // past the size, in a chunk extension
        }
        int digit = Character.digit(b, 16);
        if (digit >= 0) {
            length = length * 16 + digit;
        } else {
            column = Integer.MIN_VALUE / 2;
        }
    }

    private void endOfLine() {
        boolean empty = column == 0;
        switch (state) {
            case STATUS -> {
                if (!empty) {
                    state = State.HEADERS;
                    length = 0;
                    hasLength = false;
                    chunked = false;
                }
            }
            case HEADERS -> {
                if (empty) {
                    headEnded();
                }
            }
            case CHUNK_SIZE -> {
                state = length == 0 ? State.TRAILERS : State.CHUNK_DATA;
            }
            case CHUNK_END -> {
                state = State.CHUNK_SIZE;
                length = 0;
            }
            case TRAILERS -> {
                if (empty) {
                    state = State.STATUS;
                }
            }
            default -> { }
        }
    }

    private void headEnded() {
        int code = status;
        status = 0;
        if (code >= 100 && code < 200 && code != 101) {
            state = State.STATUS; // 100 Continue and the like: the real answer follows
            return;
        }
        HttpMethod method = asked.poll();
        metrics.originAnswered(edge, code);
        boolean noBody = HttpMethod.HEAD.equals(method) || code == 204 || code == 304;
        if (code == 101 || HttpMethod.CONNECT.equals(method) && code / 100 == 2) {
            state = State.DONE; // raw bytes from now on
        } else if (noBody) {
            state = State.STATUS;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
            length = 0;
        } else if (hasLength) {
            state = length == 0 ? State.STATUS : State.BODY;
        } else {
            state = State.DONE; // a body until the origin closes: the last answer on this connection
        }
    }
}

// Follows HTTP/1.1 framing over the bytes of one direction of a connection as they pass, without copying bodies or
// consuming anything: start line, Content-Length or chunked, bodies skipped by their length. Only the start line is
// kept (in one reused array) so that its parts can be read when a head ends; header lines are matched byte by byte.
// What it cannot follow (a start line that is not HTTP/1.x, or one longer than MAX_START_LINE) stops it for good;
// the relay that feeds it goes on untouched.
package dev.portway.protocol.http;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

public final class Http1Scanner implements ByteProcessor {
    /** What follows a head, as its listener decides. */
    public enum Body {
        /** What the head's framing says (Content-Length, chunked, none for 1xx/204/304, else until close). */
        AS_FRAMED,
        /** No body whatever the head says (the answer to HEAD). */
        NONE,
        /** The connection stops speaking HTTP/1.1 (101, CONNECT): stop following it. */
        STOP
    }

    public interface Listener {
        /** A head ended; its start line and framing can be read from the scanner now. */
        Body head(Http1Scanner head);

        /** Bytes of the current message's content passed (chunk framing not counted). */
        default void content(int bytes) {
        }

        /** The current message ended: its body is complete (or it had none). */
        default void end() {
        }

        /** Bytes that are not HTTP/1.x: the scanner stopped. */
        default void garbage() {
        }
    }

    public static final int MAX_START_LINE = 8192;
    /** Digits a Content-Length or a chunk size may have: more would overflow a long (or is no honest length). */
    private static final int MAX_LENGTH_DIGITS = 18;
    private static final int MAX_CHUNK_SIZE_DIGITS = 15;

    private enum State { START, HEADERS, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE, STOPPED }

    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] CHUNKED = ascii("chunked");
    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] CLOSE = ascii("close");
    private static final byte[] UPGRADE = ascii("upgrade");
    private static final byte[] HTTP = ascii("HTTP/");
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "CONNECT",
            "TRACE"};

    private final boolean requests;
    private final Listener listener;
    private State state = State.START;
    private byte[] line = new byte[128];
    /** Bytes of the current line that are not CR. */
    private int column;
    /** The start line's length, once it ended. */
    private int lineLength;
    /** The start line's spaces: the ends of its first and second parts (-1 while not seen). */
    private int firstSpace;
    private int secondSpace;
    private long length;
    private boolean hasLength;
    private boolean chunked;
    /** In a header line: how far the name still matches Content-Length / Transfer-Encoding; -1 once it does not. */
    private int lengthName;
    private int encodingName;
    private int connectionName;
    private int upgradeName;
    private int closeMatch;
    /** The head said "Connection: close". */
    private boolean closeAsked;
    /** The head has an Upgrade header. */
    private boolean upgradeAsked;
    /** In scanPart: a head or a message just ended (or the scanner stopped), so the scan stops after this byte. */
    private boolean stepping;
    private boolean stepped;
    private boolean inValue;
    private int chunkedMatch;
    /** In a chunk-size line: past the size (in an extension). */
    private boolean pastSize;
    private int sizeDigits;
    /** In a Content-Length value: the element being read (each header and each comma-separated element apart). */
    private long element;
    private int elementDigits;
    /** In a Content-Length element: whitespace after its digits (another digit is then garbage). */
    private boolean elementDone;

    private Http1Scanner(boolean requests, Listener listener) {
        this.requests = requests;
        this.listener = listener;
    }

    /** A scanner of the requests a client sends. */
    public static Http1Scanner requests(Listener listener) {
        return new Http1Scanner(true, listener);
    }

    /** A scanner of the responses a server sends. */
    public static Http1Scanner responses(Listener listener) {
        return new Http1Scanner(false, listener);
    }

    /** The bytes as they pass (not consumed). */
    public void scan(ByteBuf buf) {
        scan(buf, buf.readerIndex(), buf.writerIndex(), false);
    }

    /**
     * Scans the bytes in [from, to) up to the first one that ends a head or a message, or that stops the scanner,
     * and returns the index just after it (to when none did): a handler that changes heads learns where they end.
     */
    public int scanPart(ByteBuf buf, int from, int to) {
        return scan(buf, from, to, true);
    }

    private int scan(ByteBuf buf, int from, int end, boolean part) {
        stepping = part;
        stepped = false;
        int i = from;
        while (i < end && state != State.STOPPED && !stepped) {
            if (state == State.BODY || state == State.CHUNK_DATA || state == State.UNTIL_CLOSE) {
                if (state != State.UNTIL_CLOSE && length <= 0) {
                    garbage(); // cannot happen with lengths checked as they are read; never spin on it
                    break;
                }
                int skip = state == State.UNTIL_CLOSE ? end - i : (int) Math.min(length, end - i);
                i += skip;
                length -= skip;
                listener.content(skip);
                if (state == State.BODY && length == 0) {
                    messageEnded();
                } else if (state == State.CHUNK_DATA && length == 0) {
                    state = State.CHUNK_END;
                }
            } else {
                int stopped = buf.forEachByte(i, end - i, this);
                i = stopped < 0 ? end : stopped + 1;
            }
        }
        return i;
    }

    /** The connection closed: a body that runs until the close is complete now. */
    public void closed() {
        if (state == State.UNTIL_CLOSE) {
            messageEnded();
        }
        state = State.STOPPED;
    }

    /** Follows no more (the bytes stopped being HTTP/1.1 for a reason the scanner cannot see). */
    public void stop() {
        state = State.STOPPED;
    }

    /**
     * Whether the scanner stands between messages: no byte of a next start line seen yet (a connection cut here
     * leaves no half message behind).
     */
    public boolean atMessageStart() {
        return state == State.START && column == 0;
    }

    /** Whether later messages on the connection will still be seen. */
    public boolean following() {
        return state != State.STOPPED && state != State.UNTIL_CLOSE;
    }

    /** Of a response head: its status code. */
    public int status() {
        int code = 0;
        for (int i = firstSpace + 1; i < firstSpace + 4; i++) {
            code = code * 10 + (line[i] - '0');
        }
        return code;
    }

    /** Of a response head: its reason phrase. */
    public String reason() {
        int from = Math.min(firstSpace + 5, lineLength);
        return new String(line, from, lineLength - from, StandardCharsets.ISO_8859_1);
    }

    /** Of a request head: its method. */
    public String method() {
        for (String m : METHODS) {
            if (m.length() == firstSpace && startsWith(m)) {
                return m;
            }
        }
        return new String(line, 0, firstSpace, StandardCharsets.US_ASCII);
    }

    /** Of a request head: its target. */
    public String target() {
        return new String(line, firstSpace + 1, secondSpace - firstSpace - 1, StandardCharsets.ISO_8859_1);
    }

    /**
     * Whether the head has a Connection header with "close" in it (matched loosely, "closed" too: a hint that the
     * head is worth reading line by line, where the token is found exactly).
     */
    public boolean connectionClose() {
        return closeAsked;
    }

    /** Of a request head: whether it has an Upgrade header (it asks to switch protocols). */
    public boolean upgradeAsked() {
        return upgradeAsked;
    }

    /** Whether the head ends its connection after this message: "Connection: close", or HTTP/1.0. */
    public boolean closes() {
        return closeAsked || version().equals("HTTP/1.0");
    }

    /** The head's protocol version ("HTTP/1.1"). */
    public String version() {
        return requests
                ? new String(line, secondSpace + 1, lineLength - secondSpace - 1, StandardCharsets.US_ASCII)
                : new String(line, 0, firstSpace, StandardCharsets.US_ASCII);
    }

    private boolean startsWith(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (line[i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** One byte of a head or of a chunk's framing; false when what follows is skipped by length. */
    @Override
    public boolean process(byte b) {
        if (b == '\r') {
            return true;
        }
        if (b == '\n') {
            endOfLine();
            column = 0;
            return !stepped && (state == State.START || state == State.HEADERS || state == State.CHUNK_SIZE
                    || state == State.CHUNK_END || state == State.TRAILERS);
        }
        switch (state) {
            case START -> startLine(b);
            case HEADERS -> header(b);
            case CHUNK_SIZE -> chunkSize(b);
            default -> { } // CHUNK_END and TRAILERS: the line's content does not matter, only where it ends
        }
        column++;
        return state != State.STOPPED;
    }

    private void startLine(byte b) {
        if (column == 0) {
            firstSpace = -1;
            secondSpace = -1;
        }
        if (column >= MAX_START_LINE) {
            garbage();
            return;
        }
        if (column == line.length) {
            line = Arrays.copyOf(line, Math.min(line.length * 4, MAX_START_LINE));
        }
        line[column] = b;
        if (b == ' ') {
            if (firstSpace < 0) {
                firstSpace = column;
            } else if (secondSpace < 0) {
                secondSpace = column;
            }
        }
        if (!requests && column < HTTP.length && b != HTTP[column]) {
            garbage();
        }
    }

    private void garbage() {
        state = State.STOPPED;
        stepped = stepping;
        listener.garbage();
    }

    private boolean validStartLine() {
        if (requests) {
            return firstSpace > 0 && secondSpace > firstSpace + 1 && lineLength - secondSpace - 1 >= HTTP.length + 3
                    && matchesAt(secondSpace + 1, HTTP);
        }
        if (firstSpace < HTTP.length + 3 || lineLength < firstSpace + 4) {
            return false;
        }
        for (int i = firstSpace + 1; i < firstSpace + 4; i++) {
            if (line[i] < '0' || line[i] > '9') {
                return false;
            }
        }
        return lineLength == firstSpace + 4 || line[firstSpace + 4] == ' ';
    }

    private boolean matchesAt(int at, byte[] what) {
        for (int i = 0; i < what.length; i++) {
            if (line[at + i] != what[i]) {
                return false;
            }
        }
        return true;
    }

    private void header(byte b) {
        if (column == 0) {
            lengthName = 0;
            encodingName = 0;
            connectionName = 0;
            upgradeName = 0;
            inValue = false;
        }
        if (inValue) {
            if (lengthName == CONTENT_LENGTH.length) {
                lengthByte(b);
            } else if (encodingName == TRANSFER_ENCODING.length) {
                chunkedMatch = lower(b) == CHUNKED[chunkedMatch] ? chunkedMatch + 1 : lower(b) == 'c' ? 1 : 0;
                if (chunkedMatch == CHUNKED.length) {
                    chunked = true;
                    chunkedMatch = 0;
                }
            } else if (connectionName == CONNECTION.length) {
                closeMatch = lower(b) == CLOSE[closeMatch] ? closeMatch + 1 : lower(b) == 'c' ? 1 : 0;
                if (closeMatch == CLOSE.length) {
                    closeAsked = true;
                    closeMatch = 0;
                }
            }
            return;
        }
        if (b == ':') {
            inValue = true;
            element = 0;
            elementDigits = 0;
            elementDone = false;
            upgradeAsked |= upgradeName == UPGRADE.length;
            chunkedMatch = 0;
            closeMatch = 0;
            return;
        }
        lengthName = matches(CONTENT_LENGTH, lengthName, b);
        encodingName = matches(TRANSFER_ENCODING, encodingName, b);
        connectionName = matches(CONNECTION, connectionName, b);
        upgradeName = matches(UPGRADE, upgradeName, b);
    }

    /** One byte of a Content-Length value: digits, commas between equal values, whitespace; else garbage. */
    private void lengthByte(byte b) {
        if (b >= '0' && b <= '9') {
            if (elementDone || elementDigits == MAX_LENGTH_DIGITS) {
                garbage();
                return;
            }
            element = element * 10 + (b - '0');
            elementDigits++;
        } else if (b == ',') {
            lengthElementEnded();
        } else if (b == ' ' || b == '\t') {
            elementDone = elementDigits > 0;
        } else {
            garbage();
        }
    }

    /** A Content-Length element ended: it is the length, or the same as the one already read, or garbage. */
    private void lengthElementEnded() {
        if (elementDigits == 0 || hasLength && length != element) {
            garbage();
            return;
        }
        length = element;
        hasLength = true;
        element = 0;
        elementDigits = 0;
        elementDone = false;
    }

    private static int matches(byte[] name, int at, byte b) {
        return at >= 0 && at < name.length && lower(b) == name[at] ? at + 1 : -1;
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }

    private void chunkSize(byte b) {
        if (pastSize) {
            return;
        }
        int digit = Character.digit(b, 16);
        if (digit >= 0) {
            if (++sizeDigits > MAX_CHUNK_SIZE_DIGITS) {
                garbage();
                return;
            }
            length = length * 16 + digit;
        } else {
            pastSize = true;
        }
    }

    private void endOfLine() {
        boolean empty = column == 0;
        switch (state) {
            case START -> {
                if (!empty) { // empty lines before a message are allowed (a client's extra CRLF)
                    lineLength = column;
                    if (!validStartLine()) {
                        garbage();
                        return;
                    }
                    state = State.HEADERS;
                    length = 0;
                    hasLength = false;
                    chunked = false;
                    closeAsked = false;
                    upgradeAsked = false;
                }
            }
            case HEADERS -> {
                if (empty) {
                    headEnded();
                } else if (inValue && lengthName == CONTENT_LENGTH.length) {
                    lengthElementEnded();
                }
            }
            case CHUNK_SIZE -> state = length == 0 ? State.TRAILERS : State.CHUNK_DATA;
            case CHUNK_END -> chunkSizeNext();
            case TRAILERS -> {
                if (empty) {
                    messageEnded();
                }
            }
            default -> { }
        }
    }

    private void chunkSizeNext() {
        state = State.CHUNK_SIZE;
        length = 0;
        pastSize = false;
        sizeDigits = 0;
    }

    private void headEnded() {
        stepped = stepping;
        // The start line's parts stay readable during head(): the next line starts after it returns.
        Body next = listener.head(this);
        if (state == State.STOPPED || next == Body.STOP) {
            state = State.STOPPED;
            return;
        }
        int code = requests ? 0 : status();
        boolean none = next == Body.NONE || !requests && (code / 100 == 1 || code == 204 || code == 304);
        if (none) {
            messageEnded();
        } else if (chunked) {
            chunkSizeNext();
        } else if (hasLength) {
            if (length == 0) {
                messageEnded();
            } else {
                state = State.BODY;
            }
        } else if (requests) {
            messageEnded(); // a request without framing has no body
        } else {
            state = State.UNTIL_CLOSE;
        }
    }

    private void messageEnded() {
        stepped = stepping;
        state = State.START;
        listener.end();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

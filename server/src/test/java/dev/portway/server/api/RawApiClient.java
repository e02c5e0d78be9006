// An API client on a plain socket from a chosen loopback address: the tests' way to hold event streams open, to
// hang up or half-close them, and to come from several client addresses (Java's HttpClient can do none of these).
package dev.portway.server.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.protocol.Json;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

final class RawApiClient implements AutoCloseable {
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private int status;
    private final Map<String, String> headers = new HashMap<>();

    private RawApiClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    /** A connection to the API port from the loopback address from (127.0.0.1, 127.0.0.2, …). */
    static RawApiClient connect(int port, String from) throws IOException {
        return connect(port, from, 0);
    }

    /** As above, with a receive buffer of that many bytes (0: the system's), set before the connection is made. */
    static RawApiClient connect(int port, String from, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
        s.setSoTimeout(READ_TIMEOUT_MILLIS);
        return new RawApiClient(s);
    }

    /** A TLS connection to the API port (an API that takes HTTPS) from the loopback address from. */
    static RawApiClient tls(int port, String from, SSLContext trust) throws IOException {
        Socket plain = new Socket();
        plain.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        plain.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
        SSLSocket s = (SSLSocket) trust.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
        s.setSoTimeout(READ_TIMEOUT_MILLIS);
        s.startHandshake();
        return new RawApiClient(s);
    }

    /** Opens GET /api/v1/events as the token's user from the address; reads the answer's head. */
    static RawApiClient events(int port, String token, String from) throws IOException {
        return events(connect(port, from), token);
    }

    /** Opens GET /api/v1/events as the token's user on the connection; reads the answer's head. */
    static RawApiClient events(RawApiClient c, String token) throws IOException {
        c.send("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nAccept: text/event-stream\r\n\r\n");
        c.readHead();
        return c;
    }

    void send(String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    void readHead() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("the server closed the connection without an answer");
        }
        status = Integer.parseInt(statusLine.split(" ")[1]);
        for (String h = line(); h != null && !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
        }
    }

    int status() {
        return status;
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The body of a non-stream answer (by its length or its chunks), as JSON. */
    JsonNode json() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String length = header("content-length");
        if (length != null) {
            body.write(in.readNBytes(Integer.parseInt(length)));
        } else {
            for (int size = Integer.parseInt(line().strip(), 16); size > 0; size = Integer.parseInt(line().strip(),
                    16)) {
                body.write(in.readNBytes(size));
                line();
            }
        }
        return Json.mapper().readTree(body.toByteArray());
    }

    /** The stream's next line, or null once the server has closed it. */
    String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        return c == -1 && b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
    }

    /** The data of the stream's next event of that name (events of other names and comments are skipped). */
    String nextData(String event) throws IOException {
        for (String l = line(); l != null; l = line()) {
            if (l.equals("event: " + event)) {
                String data = line();
                assertTrue(data.startsWith("data: "), data);
                return data.substring("data: ".length());
            }
        }
        throw new IOException("the stream ended");
    }

    /** Reads the stream up to its "event: ready" line; false if it ended first. */
    boolean ready() throws IOException {
        for (String l = line(); l != null; l = line()) {
            if (l.equals("event: ready")) {
                return true;
            }
        }
        return false;
    }

    /** Reads until the server closes the connection; true if it did (false: the read timed out). */
    boolean closedByServer() {
        try {
            while (in.read() != -1) {
                // what the stream still carried
            }
            return true;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    /** The client's half-close: it sends nothing more but still reads. */
    void halfClose() throws IOException {
        socket.shutdownOutput();
    }

    void readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

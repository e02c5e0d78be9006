// The parts of bench/run that no stock tool does without costing the measurement: checksummed bulk transfers
// (CRC32C is a CPU intrinsic, so checking every byte costs next to nothing, unlike piping curl into md5sum),
// an upload origin that checksums what it receives, and thousands of idle visitor connections.
// Compiled once per run by bench/run into its temp dir; never part of the Maven build.
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;

public final class BenchTool {
    private static final int BUFFER = 256 * 1024;

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            fail("usage: BenchTool crc|get|put|sink|echo|visitors ...");
        }
        switch (args[0]) {
            case "crc" -> crc(Path.of(args[1]));
            case "get" -> get(args[1], Integer.parseInt(args[2]), args[3], args[4], Long.parseLong(args[5]), args[6],
                    Integer.parseInt(args[7]));
            case "put" -> put(args[1], Integer.parseInt(args[2]), args[3], args[4], Path.of(args[5]), args[6],
                    Integer.parseInt(args[7]));
            case "sink" -> sink(Integer.parseInt(args[1]));
            case "echo" -> echo(Integer.parseInt(args[1]));
            case "visitors" -> visitors(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            default -> fail("unknown mode " + args[0]);
        }
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(1);
    }

    /** Prints "LENGTH CRC32C-HEX" of a file. */
    private static void crc(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
        long total = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buf.clear()) >= 0) {
                buf.flip();
                total += buf.remaining();
                crc.update(buf);
            }
        }
        System.out.println(total + " " + Long.toHexString(crc.getValue()));
    }

    /** GET with one connection; checks status 200, the length and the CRC; prints MB/s (10^6 bytes). */
    private static void get(String host, int port, String hostHeader, String path, long length, String crcHex,
                            int timeoutSeconds) throws IOException {
        try (Socket s = connect(host, port, timeoutSeconds)) {
            long start = System.nanoTime();
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = new BufferedInputStream(s.getInputStream(), BUFFER);
            Head head = Head.read(in);
            if (head.status != 200) {
                fail("GET " + path + ": HTTP " + head.status);
            }
            CRC32C crc = new CRC32C();
            long got = head.chunked ? readChunked(in, (from, size) -> readFixed(from, crc, size))
                    : readFixed(in, crc, head.length < 0 ? Long.MAX_VALUE : head.length);
            double seconds = (System.nanoTime() - start) / 1e9;
            String sum = Long.toHexString(crc.getValue());
            if (got != length || !sum.equals(crcHex)) {
                fail("GET " + path + ": " + got + " bytes crc32c " + sum + ", want " + length + " bytes crc32c "
                        + crcHex);
            }
            System.out.printf(Locale.ROOT, "%.1f%n", got / seconds / 1e6);
        }
    }

    /** PUT of a file; the origin answers with the length and CRC it received, which must match. Prints MB/s. */
    private static void put(String host, int port, String hostHeader, String path, Path file, String crcHex,
                            int timeoutSeconds) throws IOException {
        try (Socket s = connect(host, port, timeoutSeconds);
             FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = ch.size();
            long start = System.nanoTime();
            OutputStream out = s.getOutputStream();
            out.write(("PUT " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nContent-Length: " + length
                    + "\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[BUFFER];
            ByteBuffer buf = ByteBuffer.wrap(chunk);
            int n;
            while ((n = ch.read(buf.clear())) > 0) {
                out.write(chunk, 0, n);
            }
            out.flush();
            InputStream in = new BufferedInputStream(s.getInputStream());
            Head head = Head.read(in);
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            long bodyLength = head.chunked ? readChunked(in, (from, size) -> copyFixed(from, body, size))
                    : copyFixed(in, body, head.length);
            double seconds = (System.nanoTime() - start) / 1e9;
            String answer = body.toString(StandardCharsets.ISO_8859_1).strip();
            if (head.status != 200 || !answer.equals(length + " " + crcHex)) {
                fail("PUT " + path + ": HTTP " + head.status + " \"" + answer + "\" (" + bodyLength
                        + " bytes), want \"" + length + " " + crcHex + "\"");
            }
            System.out.printf(Locale.ROOT, "%.1f%n", length / seconds / 1e6);
        }
    }

    private static Socket connect(String host, int port, int timeoutSeconds) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), 10_000);
        s.setSoTimeout(timeoutSeconds * 1000);
        return s;
    }

    private static long readFixed(InputStream in, CRC32C crc, long length) throws IOException {
        byte[] buf = new byte[BUFFER];
        long total = 0;
        while (total < length) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, length - total));
            if (n < 0) {
                break;
            }
            crc.update(buf, 0, n);
            total += n;
        }
        return total;
    }

    /** What is done with each chunk of a chunked body: read `length` bytes of it from in; how many were read. */
    private interface ChunkReader {
        long read(InputStream in, long length) throws IOException;
    }

    private static long readChunked(InputStream in, ChunkReader chunk) throws IOException {
        long total = 0;
        while (true) {
            long size = Long.parseLong(line(in).split(";")[0].strip(), 16);
            if (size == 0) {
                while (!line(in).isEmpty()) {
                    // trailers
                }
                return total;
            }
            total += chunk.read(in, size);
            line(in);
        }
    }

    private static long copyFixed(InputStream in, java.io.ByteArrayOutputStream body, long length) throws IOException {
        long total = 0;
        int b;
        while ((length < 0 || total < length) && (b = in.read()) >= 0) {
            body.write(b);
            total++;
        }
        return total;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        if (b < 0 && sb.isEmpty()) {
            throw new IOException("connection closed before a complete head");
        }
        return sb.toString();
    }

    /** The parts of a response or request head the tool acts on. */
    private record Head(int status, String method, long length, boolean chunked, boolean close) {
        static Head read(InputStream in) throws IOException {
            String first = line(in);
            String[] parts = first.split(" ");
            int status = parts.length > 1 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1]) : 0;
            String method = status == 0 ? parts[0] : null;
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            String h;
            while (!(h = line(in)).isEmpty()) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(h.substring(15).strip());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            return new Head(status, method, length, chunked, close);
        }
    }

    /** Upload origin: reads each request body, answers 200 "LENGTH CRC32C-HEX". One thread per connection. */
    private static void sink(int port) throws IOException {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", port), 128);
            System.out.println("sink listening on " + port);
            while (true) {
                Socket s = server.accept();
                Thread t = new Thread(() -> serveSink(s), "sink");
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private static void serveSink(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream(), BUFFER);
            OutputStream out = s.getOutputStream();
            while (true) {
                Head head;
                try {
                    head = Head.read(in);
                } catch (IOException closed) {
                    return;
                }
                CRC32C crc = new CRC32C();
                long got = head.chunked ? readChunked(in, (from, size) -> readFixed(from, crc, size))
                        : readFixed(in, crc, Math.max(head.length, 0));
                byte[] body = (got + " " + Long.toHexString(crc.getValue()) + "\n")
                        .getBytes(StandardCharsets.ISO_8859_1);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                        + "\r\n" + (head.close ? "Connection: close\r\n" : "") + "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                if (head.close) {
                    return;
                }
            }
        } catch (IOException e) {
            System.err.println("sink: " + e);
        }
    }

    /** Echo origin for idle visitors: one selector thread, any number of connections. */
    private static void echo(int port) throws IOException {
        try (Selector selector = Selector.open(); ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            System.out.println("echo listening on " + port);
            ByteBuffer buf = ByteBuffer.allocateDirect(4096);
            while (true) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isAcceptable()) {
                        SocketChannel c;
                        while ((c = server.accept()) != null) {
                            c.configureBlocking(false);
                            c.register(selector, SelectionKey.OP_READ);
                        }
                    } else if (key.isReadable()) {
                        SocketChannel c = (SocketChannel) key.channel();
                        int n;
                        try {
                            n = c.read(buf.clear());
                            if (n > 0) {
                                c.write(buf.flip());
                            }
                        } catch (IOException e) {
                            n = -1;
                        }
                        if (n < 0) {
                            key.cancel();
                            c.close();
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        }
    }

    /**
     * Opens COUNT visitor connections to 127.0.0.1:PORT, from source addresses 127.0.0.2, .3, ... with at most
     * PER_SOURCE connections each (a server limits connections per address, and real visitors come from many),
     * sends one byte on each and waits for its echo: a connection counts as open once the byte came back through
     * the tunnel. Prints "open N failed M seconds S" once every connection settled (or after 120 s), then holds the
     * open ones idle for HOLD seconds, until killed, or until stdin closes.
     */
    private static void visitors(int port, int count, int perSource, int holdSeconds) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        long start = System.nanoTime();
        int failed = 0;
        int open = 0;
        List<SocketChannel> all = new ArrayList<>(count);
        try (Selector selector = Selector.open()) {
            int started = 0;
            int pending = 0;
            ByteBuffer ping = ByteBuffer.wrap(new byte[] {'p'});
            ByteBuffer buf = ByteBuffer.allocate(16);
            while ((started < count || pending > 0) && System.nanoTime() < deadline) {
                // A bounded number of handshakes in flight, as a crowd arriving rather than one SYN flood.
                while (started < count && pending < 256) {
                    SocketChannel c = SocketChannel.open();
                    c.configureBlocking(false);
                    int source = 2 + started / perSource;
                    c.bind(new InetSocketAddress("127.0." + (source / 250) + "." + (1 + source % 250), 0));
                    all.add(c);
                    try {
                        if (c.connect(new InetSocketAddress("127.0.0.1", port))) {
                            c.write(ping.rewind());
                            c.register(selector, SelectionKey.OP_READ);
                        } else {
                            c.register(selector, SelectionKey.OP_CONNECT);
                        }
                        pending++;
                    } catch (IOException e) {
                        failed++;
                        c.close();
                    }
                    started++;
                }
                selector.select(1000);
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel c = (SocketChannel) key.channel();
                    try {
                        if (key.isConnectable()) {
                            c.finishConnect();
                            c.write(ping.rewind());
                            key.interestOps(SelectionKey.OP_READ);
                        } else if (key.isReadable()) {
                            int n = c.read(buf.clear());
                            if (n <= 0) {
                                throw new IOException("closed before the echo");
                            }
                            key.interestOps(0);
                            open++;
                            pending--;
                        }
                    } catch (IOException e) {
                        key.cancel();
                        c.close();
                        failed++;
                        pending--;
                    }
                }
                selector.selectedKeys().clear();
            }
            failed += count - open - failed;
            System.out.printf(Locale.ROOT, "open %d failed %d seconds %.1f%n", open, failed,
                    (System.nanoTime() - start) / 1e9);
            System.out.flush();
            // Idle: nothing is sent; the harness measures the server meanwhile and then ends this process (TERM),
            // which releases the hold at once; holdSeconds bounds it should the harness itself be gone.
            java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(ended::countDown));
            ended.await(holdSeconds, java.util.concurrent.TimeUnit.SECONDS);
            for (SocketChannel c : all) {
                c.close();
            }
        }
    }
}

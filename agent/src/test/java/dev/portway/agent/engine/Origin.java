// A real local HTTP service for end-to-end tests: text, echo, streamed bytes, checksums, headers, a WebSocket echo.
package dev.portway.agent.engine;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.util.Map;
import java.util.TreeMap;

public final class Origin implements AutoCloseable {
    private final Javalin app;
    /** Bytes the origin has generated for /bytes so far: how far a download got, whatever buffers hold. */
    public final java.util.concurrent.atomic.AtomicLong produced = new java.util.concurrent.atomic.AtomicLong();

    public Origin() {
        this(0);
    }

    public Origin(int port) {
        app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.jsonMapper(new JavalinJackson());
            c.http.maxRequestSize = 16L * 1024 * 1024;
            // Identity bodies, so sizes logged on the wire equal the sizes a test sent.
            c.http.disableCompression();
        });
        app.get("/hello", ctx -> ctx.result("hello " + (ctx.queryParam("i") == null ? "world" : ctx.queryParam("i"))));
        app.post("/echo", ctx -> ctx.contentType("application/octet-stream").result(ctx.bodyAsBytes()));
        app.post("/sha256", ctx -> {
            long[] count = new long[1];
            var counted = new java.io.FilterInputStream(ctx.req().getInputStream()) {
                @Override
                public int read(byte[] b, int off, int len) throws java.io.IOException {
                    int n = super.read(b, off, len);
                    count[0] += Math.max(n, 0);
                    return n;
                }
            };
            String sum = PatternStream.sha256(counted);
            ctx.result(sum + " " + count[0]);
        });
        app.get("/bytes/{n}", ctx -> ctx.contentType("application/octet-stream")
                .result(new java.io.FilterInputStream(new PatternStream(Long.parseLong(ctx.pathParam("n")), 42)) {
                    @Override
                    public int read(byte[] b, int off, int len) throws java.io.IOException {
                        int n = super.read(b, off, len);
                        produced.addAndGet(Math.max(n, 0));
                        return n;
                    }
                }));
        app.get("/headers", ctx -> {
            Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            h.putAll(ctx.headerMap());
            ctx.json(h);
        });
        app.ws("/ws", ws -> ws.onMessage(m -> m.send("echo: " + m.message())));
        // Answers with the Host its upgrade request carried, then echoes.
        app.ws("/ws/host", ws -> ws.onMessage(m -> m.send("host " + m.header("Host") + ", echo: " + m.message())));
        app.start("127.0.0.1", port);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}

// 1 GiB each way through one tunnel, checked by SHA-256: an upload and a download at the same time over HTTP, and
// a tcp socket echoing 1 GiB back while it is being sent.
package dev.portway.agent.reliability;

import static dev.portway.agent.reliability.Rig.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.agent.engine.EchoServer;
import dev.portway.agent.engine.Origin;
import dev.portway.agent.engine.PatternStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("reliability")
class BulkTransferTest {
    private static final long GIB = 1024 * MIB;

    @TempDir
    Path dir;
    @RegisterExtension
    final Row row = new Row();

    private record Timed(String result, long nanos) {
        String rate() {
            return String.format(Locale.ROOT, "%.0f MB/s", GIB / 1e6 / (nanos / 1e9));
        }
    }

    private static Timed timed(java.util.concurrent.Callable<String> work) throws Exception {
        long t0 = System.nanoTime();
        String r = work.call();
        return new Timed(r, System.nanoTime() - t0);
    }

    private static <T> T join(CompletableFuture<T> f) throws Exception {
        return f.get(15, TimeUnit.MINUTES);
    }

    @Test
    void oneGibEachWayOverHttp() throws Exception {
        row.expect("1 GiB both ways, http socket",
                "a 1 GiB upload (to an origin that hashes it) and a 1 GiB download, at the same time through one"
                        + " tunnel: both SHA-256 and byte counts equal to what was sent");
        CompletableFuture<String> upExpected = CompletableFuture.supplyAsync(() -> sha(GIB, 7));
        CompletableFuture<String> downExpected = CompletableFuture.supplyAsync(() -> sha(GIB, 42));
        try (Rig rig = new Rig(dir, "bulk-http"); Origin origin = new Origin()) {
            Rig.Tunnel t = rig.create("http");
            Child agent = rig.agent(t, origin.port());
            Rig.awaitOnline(agent, 0, Duration.ofSeconds(60));
            var client = rig.visitor.newBuilder().writeTimeout(60, TimeUnit.SECONDS).readTimeout(120, TimeUnit.SECONDS)
                    .build();
            RequestBody body = new RequestBody() {
                @Override
                public MediaType contentType() {
                    return MediaType.get("application/octet-stream");
                }

                @Override
                public long contentLength() {
                    return GIB;
                }

                @Override
                public void writeTo(BufferedSink sink) throws java.io.IOException {
                    try (InputStream in = new PatternStream(GIB, 7)) {
                        byte[] buf = new byte[256 * 1024];
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            sink.write(buf, 0, n);
                        }
                    }
                }
            };
            CompletableFuture<Timed> up = CompletableFuture.supplyAsync(() -> unchecked(() -> timed(() -> {
                try (Response r = client.newCall(new Request.Builder().url(rig.url(t, "/sha256")).post(body).build())
                        .execute()) {
                    return r.code() + " " + r.body().string();
                }
            })));
            CompletableFuture<Timed> down = CompletableFuture.supplyAsync(() -> unchecked(() -> timed(() ->
                    rig.download(t, GIB))));
            Timed u = join(up);
            Timed d = join(down);
            String wantUp = "200 " + join(upExpected) + " " + GIB;
            String wantDown = join(downExpected) + " " + GIB;
            row.seen("upload: origin hashed %s (%s) in %.1f s, %s; download: %s (%s) in %.1f s, %s",
                    u.result().replaceAll("^200 (\\w{12})\\w* (\\d+)$", "$2 B, sha256 $1…"),
                    u.result().equals(wantUp) ? "equal" : "DIFFERENT", u.nanos() / 1e9, u.rate(),
                    d.result().replaceAll("^(\\w{12})\\w* (\\d+)$", "$2 B, sha256 $1…"),
                    d.result().equals(wantDown) ? "equal" : "DIFFERENT", d.nanos() / 1e9, d.rate());
            assertEquals(wantUp, u.result());
            assertEquals(wantDown, d.result());
        }
    }

    @Test
    void oneGibEchoedThroughATcpSocket() throws Exception {
        row.expect("1 GiB both ways, tcp socket",
                "1 GiB sent through a tcp socket to an echo service comes back, while it is being sent, with the same"
                        + " SHA-256 and byte count");
        CompletableFuture<String> expected = CompletableFuture.supplyAsync(() -> sha(GIB, 9));
        try (Rig rig = new Rig(dir, "bulk-tcp"); EchoServer echo = new EchoServer()) {
            Rig.Tunnel t = rig.create("tcp");
            Child agent = rig.agent(t, echo.port());
            Rig.awaitOnline(agent, 0, Duration.ofSeconds(60));
            try (Socket s = new Socket("127.0.0.1", t.socket().tcpPort())) {
                s.setSoTimeout(120_000);
                long t0 = System.nanoTime();
                CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> unchecked(() -> {
                    OutputStream out = s.getOutputStream();
                    try (InputStream in = new PatternStream(GIB, 9)) {
                        in.transferTo(out);
                    }
                    s.shutdownOutput();
                    return System.nanoTime() - t0;
                }));
                long[] count = new long[1];
                String sum = PatternStream.sha256(new java.io.FilterInputStream(s.getInputStream()) {
                    @Override
                    public int read(byte[] b, int off, int len) throws java.io.IOException {
                        int k = super.read(b, off, len);
                        count[0] += Math.max(k, 0);
                        return k;
                    }
                });
                long all = System.nanoTime() - t0;
                long sendTime = join(sent);
                boolean equal = sum.equals(join(expected)) && count[0] == GIB;
                row.seen("sent 1 GiB in %.1f s; received %d B back, sha256 %s…, %s, in %.1f s: %s each way",
                        sendTime / 1e9, count[0], sum.substring(0, 12), equal ? "equal" : "DIFFERENT", all / 1e9,
                        new Timed("", all).rate());
                assertEquals(join(expected) + " " + GIB, sum + " " + count[0]);
            }
        }
    }

    private static String sha(long n, long seed) {
        try {
            return PatternStream.sha256(n, seed);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private interface Work<T> {
        T run() throws Exception;
    }

    private static <T> T unchecked(Work<T> w) {
        try {
            return w.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }
}

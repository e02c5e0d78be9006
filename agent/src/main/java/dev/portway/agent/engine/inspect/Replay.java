// Sends a captured request again, straight to the local service (not through the tunnel), optionally edited, and
// captures the answer as a new exchange to show beside the old one.
package dev.portway.agent.engine.inspect;

import dev.portway.agent.engine.Body;
import dev.portway.agent.engine.Exchange;
import dev.portway.agent.engine.LocalTarget;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.internal.http.HttpMethod;

public final class Replay {
    /**
     * Headers of one hop, and those the client sets from the body: never copied (a HAR import drops them).
     * Accept-Encoding is copied: without it OkHttp asks for gzip and unzips the answer, which then never equals the
     * captured (still compressed) one.
     */
    static final Set<String> NOT_COPIED = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "te", "trailer", "upgrade", "content-length");
    private static final OkHttpClient CLIENT = new OkHttpClient.Builder()
            .connectTimeout(10, TimeUnit.SECONDS).readTimeout(60, TimeUnit.SECONDS)
            .followRedirects(false).retryOnConnectionFailure(false).build();

    private Replay() {
    }

    /**
     * Sends it to the local service and answers the exchange that came of it (FAILED with the reason when the
     * service could not be reached). Blocks: call it off the FX thread.
     */
    public static Exchange send(ReplayRequest r, LocalTarget target) {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        Request.Builder b = new Request.Builder().url("http://" + hostPart(target.host()) + ":" + target.port()
                + (r.target().startsWith("/") ? r.target() : "/" + r.target()));
        String type = null;
        for (Exchange.Header h : r.headers()) {
            String name = h.name().toLowerCase(Locale.ROOT);
            if (name.equals("content-type")) {
                type = h.value();
            }
            if (!NOT_COPIED.contains(name)) {
                b.addHeader(h.name(), h.value());
            }
        }
        boolean withBody = r.body().length > 0 || HttpMethod.requiresRequestBody(r.method());
        b.method(r.method(), withBody ? RequestBody.create(r.body(), type == null ? null : MediaType.parse(type))
                : null);
        List<Exchange.Header> sent = new ArrayList<>(r.headers());
        Body sentBody = new Body(r.body(), r.body().length);
        try (Response res = CLIENT.newCall(b.build()).execute()) {
            List<Exchange.Header> headers = new ArrayList<>();
            res.headers().forEach(p -> headers.add(new Exchange.Header(p.getFirst(), p.getSecond())));
            Body body = read(res.body() == null ? InputStream.nullInputStream() : res.body().byteStream());
            return new Exchange(0, start, Exchange.State.DONE, r.method(), r.target(), "HTTP/1.1", sent, sentBody,
                    res.code(), res.message(), headers, body, (System.nanoTime() - t0) / 1_000_000, null, 0, 0);
        } catch (IOException | IllegalArgumentException e) {
            return new Exchange(0, start, Exchange.State.FAILED, r.method(), r.target(), "HTTP/1.1", sent,
                    sentBody, 0, null, List.of(), Body.EMPTY, (System.nanoTime() - t0) / 1_000_000,
                    "could not reach " + target + " (" + e.getMessage() + ")", 0, 0);
        }
    }

    private static String hostPart(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static Body read(InputStream in) throws IOException {
        byte[] kept = in.readNBytes(Body.LIMIT);
        long size = kept.length;
        byte[] rest = new byte[8192];
        int n;
        while ((n = in.read(rest)) > 0) {
            size += n;
        }
        return new Body(kept, size);
    }
}

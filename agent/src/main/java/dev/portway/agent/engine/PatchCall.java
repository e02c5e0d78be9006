// The API's one PATCH (changing a socket) through OkHttp, as HttpURLConnection cannot send it; kept apart so that a
// command that never changes a socket (a connect that only creates one) never loads OkHttp.
package dev.portway.agent.engine;

import dev.portway.agent.engine.trust.ServerTrust;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

final class PatchCall {
    /** The status and body the server answered. */
    record Answer(int status, byte[] body) {
    }

    private PatchCall() {
    }

    /** trust: the TLS rules of an https server (null for http); authority: its key among the known servers. */
    static Answer send(String url, String token, byte[] json, ServerTrust trust, String authority)
            throws IOException {
        OkHttpClient.Builder client = new OkHttpClient.Builder()
                .connectTimeout(10, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS);
        if (trust != null) {
            client.sslSocketFactory(trust.sslContext(authority).getSocketFactory(), trust.trustManager(authority))
                    .hostnameVerifier(trust.hostnames(authority));
        }
        Request.Builder req = new Request.Builder().url(url)
                .patch(RequestBody.create(json, MediaType.get("application/json")));
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        OkHttpClient http = client.build();
        try (Response res = http.newCall(req.build()).execute()) {
            return new Answer(res.code(), res.body() == null ? new byte[0] : res.body().bytes());
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }
}

// Talks to a Portway server's REST API with OkHttp; every failure becomes an ApiException with a plain message.
package dev.portway.agent.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portway.agent.engine.trust.ServerTrust;
import dev.portway.agent.engine.trust.UntrustedCertificateException;
import dev.portway.protocol.Json;
import dev.portway.protocol.api.Account;
import dev.portway.protocol.api.ApiError;
import dev.portway.protocol.api.CreateSocket;
import dev.portway.protocol.api.Credentials;
import dev.portway.protocol.api.LoginCode;
import dev.portway.protocol.api.LoginResponse;
import dev.portway.protocol.api.ServerInfo;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.TunnelInfo;
import dev.portway.protocol.api.UpdateSocket;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

public final class ApiClient {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final OkHttpClient SHARED = new OkHttpClient.Builder()
            .connectTimeout(10, TimeUnit.SECONDS)
            .readTimeout(30, TimeUnit.SECONDS)
            .build();

    private final ObjectMapper mapper = Json.mapper();
    private final HttpUrl base;
    private final String token;
    private final ServerTrust trust;
    private final OkHttpClient http;

    /** A client that believes certificate authorities only (enough for plain HTTP on loopback). */
    public ApiClient(String server, String token) {
        this(server, token, ServerTrust.authoritiesOnly());
    }

    public ApiClient(String server, String token, ServerTrust trust) {
        this.base = parse(server);
        this.token = token;
        this.trust = trust;
        this.http = base.isHttps() ? SHARED.newBuilder()
                .sslSocketFactory(trust.sslContext(authority()).getSocketFactory(), trust.trustManager(authority()))
                .hostnameVerifier(trust.hostnames(authority()))
                .build() : SHARED;
    }

    private static HttpUrl parse(String server) {
        String given = server == null ? null : server.strip();
        // "127.0.0.1:7070", as people type it: plain HTTP, as on this machine.
        if (given != null && !given.contains("://")) {
            given = "http://" + given;
        }
        HttpUrl url = given == null ? null : HttpUrl.parse(given);
        if (url == null) {
            throw new ApiException("bad_server_url", 0,
                    "\"" + server + "\" is not a server URL; use e.g. https://portway.example.com:7070 (or "
                    + "http://127.0.0.1:7070 on this machine)");
        }
        return url;
    }

    public ApiClient withToken(String newToken) {
        return new ApiClient(base.toString(), newToken, trust);
    }

    public ServerTrust trust() {
        return trust;
    }

    /** "host:port", the key a server's trusted fingerprint is kept under. */
    public String authority() {
        return base.host() + ":" + base.port();
    }

    public String server() {
        String s = base.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** The host name agents dial for the tunnel link: the API's own host. */
    public String host() {
        return URI.create(base.toString()).getHost();
    }

    public ServerInfo serverInfo() {
        return call("GET", "server", null, type(ServerInfo.class));
    }

    public Account signup(String email, String password) {
        return call("POST", "accounts", new Credentials(email, password), type(Account.class));
    }

    public LoginResponse login(String email, String password) {
        return call("POST", "login", new Credentials(email, password), type(LoginResponse.class));
    }

    public void logout() {
        call("POST", "logout", null, null);
    }

    public Account account() {
        return call("GET", "account", null, type(Account.class));
    }

    public List<SocketInfo> sockets() {
        return call("GET", "sockets", null, mapper.getTypeFactory().constructType(
                new TypeReference<List<SocketInfo>>() { }));
    }

    public SocketInfo socket(String socketId) {
        return call("GET", "sockets/" + socketId, null, type(SocketInfo.class));
    }

    public SocketInfo createSocket(String name, String type) {
        return createSocket(new CreateSocket(name, type));
    }

    public SocketInfo createSocket(CreateSocket request) {
        return call("POST", "sockets", request, type(SocketInfo.class));
    }

    /** Changes name, protection or allow list; visitors see the change at once, tunnels stay connected. */
    public SocketInfo updateSocket(String socketId, UpdateSocket request) {
        return call("PATCH", "sockets/" + socketId, request, type(SocketInfo.class));
    }

    public void deleteSocket(String socketId) {
        call("DELETE", "sockets/" + socketId, null, null);
    }

    public List<TunnelInfo> tunnels(String socketId) {
        return call("GET", "sockets/" + socketId + "/tunnels", null, mapper.getTypeFactory().constructType(
                new TypeReference<List<TunnelInfo>>() { }));
    }

    public TunnelInfo tunnel(String socketId, String tunnelId) {
        return call("GET", "sockets/" + socketId + "/tunnels/" + tunnelId, null, type(TunnelInfo.class));
    }

    public TunnelInfo createTunnel(String socketId) {
        return call("POST", "sockets/" + socketId + "/tunnels", null, type(TunnelInfo.class));
    }

    public void deleteTunnel(String socketId, String tunnelId) {
        call("DELETE", "sockets/" + socketId + "/tunnels/" + tunnelId, null, null);
    }

    /** A fresh credential for connecting the tunnel (the server keeps only its hash). */
    public TunnelInfo newCredential(String socketId, String tunnelId) {
        return call("POST", "sockets/" + socketId + "/tunnels/" + tunnelId + "/credential", null,
                type(TunnelInfo.class));
    }

    /** A one-time code that opens the admin page signed in (admins only); open server() + its login_path. */
    public LoginCode adminLoginCode() {
        return call("POST", "admin/login-codes", null, type(LoginCode.class));
    }

    private JavaType type(Class<?> c) {
        return mapper.getTypeFactory().constructType(c);
    }

    private <T> T call(String method, String path, Object body, JavaType resultType) {
        try {
            return send(method, path, body, resultType);
        } catch (IOException e) {
            UntrustedCertificateException untrusted = untrusted(e);
            if (untrusted == null || untrusted.trusted() != null) {
                throw failure(e);
            }
            if (!trust.firstContact(server(), authority(), untrusted.fingerprint())) {
                throw new ApiException(ApiException.UNTRUSTED_CERTIFICATE, 0, "the certificate of " + server()
                        + " (sha256 " + untrusted.fingerprint() + ") is not trusted"
                        + trust.expected().map(fp -> ": --fingerprint says sha256 " + fp).orElse(""));
            }
            try {
                return send(method, path, body, resultType);
            } catch (IOException again) {
                throw failure(again);
            }
        }
    }

    private <T> T send(String method, String path, Object body, JavaType resultType) throws IOException {
        HttpUrl url = base.newBuilder().addPathSegments("api/v1").addPathSegments(path).build();
        Request.Builder req = new Request.Builder().url(url);
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        RequestBody rb = body != null ? RequestBody.create(mapper.writeValueAsBytes(body), JSON)
                : method.equals("POST") ? RequestBody.create(new byte[0], JSON) : null;
        req.method(method, rb);
        try (Response res = http.newCall(req.build()).execute()) {
            byte[] bytes = res.body() == null ? new byte[0] : res.body().bytes();
            if (!res.isSuccessful()) {
                throw error(res.code(), bytes);
            }
            return resultType == null || bytes.length == 0 ? null : mapper.readValue(bytes, resultType);
        }
    }

    /**
     * Follows the signed-in user's live events (GET /events) and hands each to the listener, until the listener
     * returns false (then true) or the stream ends (an ApiException saying why). Blocks; a stream silent for 45 s
     * (the server comments every 15) counts as lost.
     */
    public boolean events(java.util.function.Predicate<ServerEvent> listener) {
        return events(listener, cancel -> {
        });
    }

    /**
     * As above; opened receives, before the stream is asked for, a way to end it from another thread (a silent
     * stream would otherwise keep its follower waiting for the next event); events then throws.
     */
    public boolean events(java.util.function.Predicate<ServerEvent> listener,
                          java.util.function.Consumer<Runnable> opened) {
        HttpUrl url = base.newBuilder().addPathSegments("api/v1/events").build();
        Request.Builder req = new Request.Builder().url(url).header("Accept", "text/event-stream");
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        OkHttpClient streaming = http.newBuilder().readTimeout(45, TimeUnit.SECONDS).build();
        okhttp3.Call call = streaming.newCall(req.build());
        opened.accept(call::cancel);
        try (Response res = call.execute()) {
            if (!res.isSuccessful()) {
                throw error(res.code(), res.body() == null ? new byte[0] : res.body().bytes());
            }
            okio.BufferedSource in = res.body().source();
            String name = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = in.readUtf8Line()) != null) {
                if (line.isEmpty()) {
                    if (name != null && !listener.test(new ServerEvent(name, data.toString()))) {
                        return true;
                    }
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).strip());
                }
            }
            throw new ApiException(ApiException.UNREACHABLE, 0, "the event stream from " + server() + " ended");
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** What went wrong with the connection, for a person: a changed or unknown certificate, or no answer. */
    private ApiException failure(IOException e) {
        UntrustedCertificateException untrusted = untrusted(e);
        if (untrusted == null) {
            return unreachable(e);
        }
        return untrusted.trusted() != null ? changed(untrusted) : new ApiException(
                ApiException.UNTRUSTED_CERTIFICATE, 0, "the certificate of " + server() + " (sha256 "
                + untrusted.fingerprint() + ") is not trusted");
    }

    private static UntrustedCertificateException untrusted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UntrustedCertificateException u) {
                return u;
            }
        }
        return null;
    }

    /** Loud on purpose: either someone is in the middle, or the operator must tell users the new fingerprint. */
    private ApiException changed(UntrustedCertificateException u) {
        if (trust.expected().isPresent()) {
            return new ApiException(ApiException.CERTIFICATE_CHANGED, 0, "REFUSED: the certificate of " + server()
                    + " shows sha256 " + u.fingerprint() + ", not the sha256 " + u.trusted() + " given with "
                    + "--fingerprint. Someone may be intercepting the connection, or the fingerprint is mistyped");
        }
        return new ApiException(ApiException.CERTIFICATE_CHANGED, 0, "REFUSED: the certificate of " + server()
                + " has CHANGED: it shows sha256 " + u.fingerprint() + ", but sha256 " + u.trusted()
                + " is trusted for it (" + trust.known().file() + "). Someone may be intercepting the connection. "
                + "If the server's operator replaced the certificate, confirm the new fingerprint with them and pass "
                + "--fingerprint " + u.fingerprint() + " once");
    }

    private ApiException unreachable(IOException e) {
        if (e instanceof ConnectException) {
            return new ApiException(ApiException.UNREACHABLE, 0, "cannot reach the server at " + server()
                    + " (connection refused)");
        }
        if (e instanceof javax.net.ssl.SSLException && String.valueOf(e.getMessage()).contains("plaintext")) {
            return new ApiException(ApiException.UNREACHABLE, 0, "the server at " + server()
                    + " answers in plain HTTP, not HTTPS: use " + server().replaceFirst("^https:", "http:"));
        }
        return new ApiException(ApiException.UNREACHABLE, 0, "cannot reach the server at " + server() + " ("
                + e.getMessage() + ")");
    }

    private ApiException error(int status, byte[] body) {
        try {
            ApiError err = mapper.readValue(body, ApiError.class);
            if (err != null && err.error() != null) {
                return new ApiException(err.error().code(), status, err.error().message());
            }
        } catch (IOException e) {
            // Not our JSON: perhaps a proxy or another service on that port.
        }
        return new ApiException("http_" + status, status, "the server answered HTTP " + status
                + "; is " + server() + " a Portway server?");
    }
}

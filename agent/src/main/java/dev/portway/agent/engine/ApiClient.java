// Talks to a Portway server's REST API with the JDK's HttpURLConnection and a small JSON binder of our own (so a
// connected tunnel keeps neither OkHttp nor Jackson loaded); every failure becomes an ApiException with a plain
// message.
package dev.portway.agent.engine;

import dev.portway.agent.engine.trust.ServerTrust;
import dev.portway.agent.engine.trust.UntrustedCertificateException;
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
import dev.portway.protocol.json.JsonReader;
import dev.portway.protocol.json.JsonWriter;
import dev.portway.protocol.json.RecordMapping;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

public final class ApiClient {
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int READ_TIMEOUT_MS = 30_000;
    /** A silent event stream (the server comments every 15 s) counts as lost after this. */
    private static final int EVENTS_TIMEOUT_MS = 45_000;

    /** scheme://host[:port][/path], without a trailing slash, as people see the server's URL. */
    private final String base;
    private final URI uri;
    private final String token;
    private final ServerTrust trust;
    /** The TLS set-up for an https server, made on the first call. */
    private volatile SSLSocketFactory tls;

    /** A client that believes certificate authorities only (enough for plain HTTP on loopback). */
    public ApiClient(String server, String token) {
        this(server, token, ServerTrust.authoritiesOnly());
    }

    public ApiClient(String server, String token, ServerTrust trust) {
        this.uri = parse(server);
        this.base = base(uri);
        this.token = token;
        this.trust = trust;
    }

    private static URI parse(String server) {
        String given = server == null ? null : server.strip();
        // "127.0.0.1:7070", as people type it: plain HTTP, as on this machine.
        if (given != null && !given.contains("://")) {
            given = "http://" + given;
        }
        URI url = null;
        try {
            url = given == null ? null : new URI(given);
        } catch (URISyntaxException e) {
            // Said below.
        }
        String scheme = url == null || url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null
                || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new ApiException("bad_server_url", 0,
                    "\"" + server + "\" is not a server URL; use e.g. https://portway.example.com:7070 (or "
                    + "http://127.0.0.1:7070 on this machine)");
        }
        return url;
    }

    /** The URL as OkHttp's HttpUrl wrote it, which the saved settings and messages hold: default port left out. */
    private static String base(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        boolean usual = port == -1 || port == (scheme.equals("https") ? 443 : 80);
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + (usual ? "" : ":" + port) + path;
    }

    public ApiClient withToken(String newToken) {
        return new ApiClient(base, newToken, trust);
    }

    public ServerTrust trust() {
        return trust;
    }

    private boolean https() {
        return base.startsWith("https:");
    }

    private int port() {
        return uri.getPort() != -1 ? uri.getPort() : https() ? 443 : 80;
    }

    /** "host:port", the key a server's trusted fingerprint is kept under. */
    public String authority() {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host + ":" + port();
    }

    public String server() {
        return base;
    }

    /** The host name agents dial for the tunnel link: the API's own host. */
    public String host() {
        return URI.create(base).getHost();
    }

    public ServerInfo serverInfo() {
        return call("GET", "server", null, ServerInfo.class);
    }

    public Account signup(String email, String password) {
        return call("POST", "accounts", new Credentials(email, password), Account.class);
    }

    public LoginResponse login(String email, String password) {
        return call("POST", "login", new Credentials(email, password), LoginResponse.class);
    }

    public void logout() {
        call("POST", "logout", null, null);
    }

    public Account account() {
        return call("GET", "account", null, Account.class);
    }

    public List<SocketInfo> sockets() {
        return call("GET", "sockets", null, RecordMapping.listOf(SocketInfo.class));
    }

    public SocketInfo socket(String socketId) {
        return call("GET", "sockets/" + socketId, null, SocketInfo.class);
    }

    public SocketInfo createSocket(String name, String type) {
        return createSocket(new CreateSocket(name, type));
    }

    public SocketInfo createSocket(CreateSocket request) {
        return call("POST", "sockets", request, SocketInfo.class);
    }

    /** Changes name, protection or allow list; visitors see the change at once, tunnels stay connected. */
    public SocketInfo updateSocket(String socketId, UpdateSocket request) {
        return call("PATCH", "sockets/" + socketId, request, SocketInfo.class);
    }

    public void deleteSocket(String socketId) {
        call("DELETE", "sockets/" + socketId, null, null);
    }

    public List<TunnelInfo> tunnels(String socketId) {
        return call("GET", "sockets/" + socketId + "/tunnels", null, RecordMapping.listOf(TunnelInfo.class));
    }

    public TunnelInfo tunnel(String socketId, String tunnelId) {
        return call("GET", "sockets/" + socketId + "/tunnels/" + tunnelId, null, TunnelInfo.class);
    }

    public TunnelInfo createTunnel(String socketId) {
        return call("POST", "sockets/" + socketId + "/tunnels", null, TunnelInfo.class);
    }

    public void deleteTunnel(String socketId, String tunnelId) {
        call("DELETE", "sockets/" + socketId + "/tunnels/" + tunnelId, null, null);
    }

    /** A fresh credential for connecting the tunnel (the server keeps only its hash). */
    public TunnelInfo newCredential(String socketId, String tunnelId) {
        return call("POST", "sockets/" + socketId + "/tunnels/" + tunnelId + "/credential", null, TunnelInfo.class);
    }

    /** A one-time code that opens the admin page signed in (admins only); open server() + its login_path. */
    public LoginCode adminLoginCode() {
        return call("POST", "admin/login-codes", null, LoginCode.class);
    }

    private <T> T call(String method, String path, Object body, Type resultType) {
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

    private <T> T send(String method, String path, Object body, Type resultType) throws IOException {
        byte[] json = body == null ? new byte[0] : JsonWriter.compact(body).getBytes(StandardCharsets.UTF_8);
        byte[] bytes;
        int status;
        if (method.equals("PATCH")) {
            // HttpURLConnection knows no PATCH: the one call that needs it (changing a socket) goes through OkHttp,
            // loaded then and only then.
            PatchCall.Answer answer = PatchCall.send(url("api/v1/" + path), token, json, https() ? trust : null,
                    authority());
            status = answer.status();
            bytes = answer.body();
        } else {
            HttpURLConnection conn = open("api/v1/" + path, READ_TIMEOUT_MS);
            conn.setRequestMethod(method);
            if (body != null || method.equals("POST")) {
                conn.setDoOutput(true);
                conn.setRequestProperty("Content-Type", "application/json; charset=utf-8");
                // Not streamed: a streamed request answered 401 would leave the answer's error body unread.
                try (OutputStream out = conn.getOutputStream()) {
                    out.write(json);
                }
            }
            status = conn.getResponseCode();
            if (status / 100 == 3 && conn.getHeaderField("Location") != null) {
                throw redirected(path, conn.getHeaderField("Location"));
            }
            bytes = readAll(status >= 400 ? conn.getErrorStream() : conn.getInputStream());
        }
        if (status < 200 || status >= 300) {
            throw error(status, bytes);
        }
        if (resultType == null || bytes.length == 0) {
            return null;
        }
        try {
            return RecordMapping.read(JsonReader.parse(new String(bytes, StandardCharsets.UTF_8)), resultType);
        } catch (IllegalArgumentException e) {
            throw new IOException("the server's answer to " + method + " " + path + " is not what was expected ("
                    + e.getMessage() + ")", e);
        }
    }

    private String url(String path) {
        return base + "/" + path;
    }

    private HttpURLConnection open(String path, int readTimeout) throws IOException {
        HttpURLConnection conn = (HttpURLConnection) new URL(url(path)).openConnection();
        conn.setConnectTimeout(CONNECT_TIMEOUT_MS);
        conn.setReadTimeout(readTimeout);
        conn.setUseCaches(false);
        conn.setRequestProperty("Accept", "application/json");
        if (token != null) {
            conn.setRequestProperty("Authorization", "Bearer " + token);
        }
        if (conn instanceof HttpsURLConnection secure) {
            secure.setSSLSocketFactory(tls());
            // Called only once the JDK's own check of the host name failed: a pinned certificate is the server's
            // whatever names it carries.
            secure.setHostnameVerifier(trust.pinnedHostnames(authority()));
        }
        return conn;
    }

    /** The TLS set-up for an https server (null for http), made once: connections it made are reused. */
    private SSLSocketFactory tls() {
        if (!https()) {
            return null;
        }
        SSLSocketFactory made = tls;
        if (made == null) {
            made = trust.sslContext(authority()).getSocketFactory();
            tls = made;
        }
        return made;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        try (in) {
            return in.readAllBytes();
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
        try {
            HttpURLConnection conn = open("api/v1/events", EVENTS_TIMEOUT_MS);
            conn.setRequestProperty("Accept", "text/event-stream");
            opened.accept(conn::disconnect);
            int status = conn.getResponseCode();
            if (status < 200 || status >= 300) {
                throw error(status, readAll(conn.getErrorStream()));
            }
            try (BufferedReader in = new BufferedReader(new InputStreamReader(conn.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String name = null;
                StringBuilder data = new StringBuilder();
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (name != null && !listener.test(new ServerEvent(name, data.toString()))) {
                            conn.disconnect();
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
        if (String.valueOf(e.getMessage()).startsWith("HTTPS hostname wrong")) {
            // The JDK's words for it; said as OkHttp said them before.
            return new ApiException(ApiException.UNREACHABLE, 0, "cannot reach the server at " + server()
                    + " (Hostname " + URI.create(base).getHost()
                    + " not verified: its certificate names another host)");
        }
        return new ApiException(ApiException.UNREACHABLE, 0, "cannot reach the server at " + server() + " ("
                + e.getMessage() + ")");
    }

    /**
     * A redirect the JDK did not follow (to another scheme: http to https). Not followed here either: the trust in a
     * server's certificate is kept per address given, and a token is not sent where the user did not say.
     */
    private ApiException redirected(String path, String location) {
        String suffix = "api/v1/" + path;
        String to = location.endsWith(suffix) ? location.substring(0, location.length() - suffix.length()) : location;
        to = to.endsWith("/") ? to.substring(0, to.length() - 1) : to;
        return new ApiException("redirected", 0, "the server at " + server() + " redirects to " + to
                + "; use that address instead (--server " + to + ")");
    }

    private ApiException error(int status, byte[] body) {
        try {
            ApiError err = RecordMapping.read(JsonReader.parse(new String(body, StandardCharsets.UTF_8)),
                    ApiError.class);
            if (err != null && err.error() != null) {
                return new ApiException(err.error().code(), status, err.error().message());
            }
        } catch (IllegalArgumentException e) {
            // Not our JSON: perhaps a proxy or another service on that port.
        }
        return new ApiException("http_" + status, status, "the server answered HTTP " + status
                + "; is " + server() + " a Portway server?");
    }
}

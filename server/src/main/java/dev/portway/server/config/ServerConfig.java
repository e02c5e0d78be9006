// The server's settings, from flags or PORTWAY_* environment variables.
package dev.portway.server.config;

import dev.portway.protocol.api.SocketType;
import dev.portway.server.store.StoreLocation;
import java.nio.file.Path;
import java.time.Duration;

public record ServerConfig(
        Path dataDir,
        String domain,
        String bind,
        int apiPort,
        int httpPort,
        int httpsPort,
        int tunnelPort,
        String tcpPorts,
        boolean signup,
        Duration heartbeat,
        Duration deadAfter,
        EdgeLimits limits,
        AccountLimits quotas,
        boolean apiTls,
        Integer metricsPort,
        StoreLocation store,
        String nodeAddress,
        Path metricsTokenFile,
        ApiLimits apiLimits,
        NameRules names,
        AcmeSettings acme,
        OidcSettings oidc) {

    /** The settings of a server with the default API limits, whose /metrics on the API port takes no token. */
    public ServerConfig(Path dataDir, String domain, String bind, int apiPort, int httpPort, int httpsPort,
                        int tunnelPort, String tcpPorts, boolean signup, Duration heartbeat, Duration deadAfter,
                        EdgeLimits limits, AccountLimits quotas, boolean apiTls, Integer metricsPort,
                        StoreLocation store, String nodeAddress) {
        this(dataDir, domain, bind, apiPort, httpPort, httpsPort, tunnelPort, tcpPorts, signup, heartbeat, deadAfter,
                limits, quotas, apiTls, metricsPort, store, nodeAddress, null, ApiLimits.DEFAULTS, NameRules.DEFAULTS,
                AcmeSettings.NONE, OidcSettings.NONE);
    }

    /** The settings of a server whose node address follows its bind address (see {@link #advertisedAddress}). */
    public ServerConfig(Path dataDir, String domain, String bind, int apiPort, int httpPort, int httpsPort,
                        int tunnelPort, String tcpPorts, boolean signup, Duration heartbeat, Duration deadAfter,
                        EdgeLimits limits, AccountLimits quotas, boolean apiTls, Integer metricsPort,
                        StoreLocation store) {
        this(dataDir, domain, bind, apiPort, httpPort, httpsPort, tunnelPort, tcpPorts, signup, heartbeat, deadAfter,
                limits, quotas, apiTls, metricsPort, store, null);
    }

    /**
     * A server with the default visitor limits and account quotas, its API in plain HTTP (for loopback), and its
     * store in SQLite in the data dir.
     */
    public ServerConfig(Path dataDir, String domain, String bind, int apiPort, int httpPort, int httpsPort,
                        int tunnelPort, String tcpPorts, boolean signup, Duration heartbeat, Duration deadAfter) {
        this(dataDir, domain, bind, apiPort, httpPort, httpsPort, tunnelPort, tcpPorts, signup, heartbeat, deadAfter,
                EdgeLimits.DEFAULTS, AccountLimits.DEFAULTS, false, null, StoreLocation.sqlite(dataDir.resolve("portway.db")));
    }

    public ServerConfig withLimits(EdgeLimits newLimits) {
        return new ServerConfig(dataDir, domain, bind, apiPort, httpPort, httpsPort, tunnelPort, tcpPorts, signup,
                heartbeat, deadAfter, newLimits, quotas, apiTls, metricsPort, store, nodeAddress,
                metricsTokenFile, apiLimits, names, acme, oidc);
    }

    public ServerConfig withQuotas(AccountLimits newQuotas) {
        return new ServerConfig(dataDir, domain, bind, apiPort, httpPort, httpsPort, tunnelPort, tcpPorts, signup,
                heartbeat, deadAfter, limits, newQuotas, apiTls, metricsPort, store, nodeAddress,
                metricsTokenFile, apiLimits, names, acme, oidc);
    }

    /** The API served over TLS with the server's certificate (plain HTTP is refused with tls_required). */
    public ServerConfig withApiTls(boolean tls) {
        return new ServerConfig(dataDir, domain, bind, apiPort, httpPort, httpsPort, tunnelPort, tcpPorts, signup,
                heartbeat, deadAfter, limits, quotas, tls, metricsPort, store, nodeAddress, metricsTokenFile,
                apiLimits, names, acme, oidc);
    }

    /** /metrics on a port of its own (0: any free one), on the --bind address; null: on the API port. */
    public ServerConfig withMetricsPort(Integer port) {
        return new ServerConfig(dataDir, domain, bind, apiPort, httpPort, httpsPort, tunnelPort, tcpPorts, signup,
                heartbeat, deadAfter, limits, quotas, apiTls, port, store, nodeAddress, metricsTokenFile, apiLimits,
                names, acme, oidc);
    }

    /** /metrics on the API port also answers a caller elsewhere that shows the token in this file (null: none). */
    public ServerConfig withMetricsTokenFile(Path file) {
        return new ServerConfig(dataDir, domain, bind, apiPort, httpPort, httpsPort, tunnelPort, tcpPorts, signup,
                heartbeat, deadAfter, limits, quotas, apiTls, metricsPort, store, nodeAddress, file, apiLimits,
                names, acme, oidc);
    }

    /** The API's base URL as a client on this machine dials it. */
    public String apiUrl() {
        String host = bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
        return (apiTls ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + apiPort;
    }

    /** The public URL of a socket: http(s)://NAME[:PORT]/ for HTTP types, tcp:// or tls://NAME:PORT for the raw. */
    public String socketUrl(String dnsName, String type, Integer port) {
        return switch (type) {
            case SocketType.HTTPS -> "https://" + dnsName + (httpsPort == 443 ? "" : ":" + httpsPort) + "/";
            case SocketType.TCP, SocketType.TLS -> type + "://" + dnsName + ":" + port;
            default -> "http://" + dnsName + (httpPort == 80 ? "" : ":" + httpPort) + "/";
        };
    }

    /** The first and last port of --tcp-ports ("20000-20999"). */
    public int[] tcpPortRange() {
        String[] parts = tcpPorts.split("-");
        return new int[]{Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip())};
    }

    public ServerConfig withPorts(int api, int http, int https, int tunnel) {
        return new ServerConfig(dataDir, domain, bind, api, http, https, tunnel, tcpPorts, signup, heartbeat,
                deadAfter, limits, quotas, apiTls, metricsPort, store, nodeAddress, metricsTokenFile, apiLimits,
                names, acme, oidc);
    }

    /** Where the other nodes of a cluster (and agents) reach this one: --node-address, null for the default. */
    public ServerConfig withNodeAddress(String address) {
        return new ServerConfig(dataDir, domain, bind, apiPort, httpPort, httpsPort, tunnelPort, tcpPorts, signup,
                heartbeat, deadAfter, limits, quotas, apiTls, metricsPort, store, address, metricsTokenFile, apiLimits,
                names, acme, oidc);
    }

    /**
     * The host name other nodes and agents dial to reach this node's tunnel port: --node-address, else the bind
     * address, else (bound to every interface) the machine's host name.
     */
    public String advertisedAddress() {
        if (nodeAddress != null) {
            return nodeAddress;
        }
        if (!bind.equals("0.0.0.0") && !bind.equals("::")) {
            return bind;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** Caps on the API's event streams and connections. */
    public ServerConfig withApiLimits(ApiLimits newApiLimits) {
        return new ServerConfig(dataDir, domain, bind, apiPort, httpPort, httpsPort, tunnelPort, tcpPorts, signup,
                heartbeat, deadAfter, limits, quotas, apiTls, metricsPort, store, nodeAddress, metricsTokenFile,
                newApiLimits, names, acme, oidc);
    }

    /** How names are given out and custom domains proven. */
    public ServerConfig withNames(NameRules newNames) {
        return new ServerConfig(dataDir, domain, bind, apiPort, httpPort, httpsPort, tunnelPort, tcpPorts, signup,
                heartbeat, deadAfter, limits, quotas, apiTls, metricsPort, store, nodeAddress, metricsTokenFile,
                apiLimits, newNames, acme, oidc);
    }

    /** Certificates ordered from an ACME CA (AcmeSettings.NONE: none; the files in DATA/tls are served). */
    public ServerConfig withAcme(AcmeSettings newAcme) {
        return new ServerConfig(dataDir, domain, bind, apiPort, httpPort, httpsPort, tunnelPort, tcpPorts, signup,
                heartbeat, deadAfter, limits, quotas, apiTls, metricsPort, store, nodeAddress, metricsTokenFile,
                apiLimits, names, newAcme, oidc);
    }

    /** Visitor sign-in with an OpenID Connect provider (OidcSettings.NONE: none). */
    public ServerConfig withOidc(OidcSettings newOidc) {
        return new ServerConfig(dataDir, domain, bind, apiPort, httpPort, httpsPort, tunnelPort, tcpPorts, signup,
                heartbeat, deadAfter, limits, quotas, apiTls, metricsPort, store, nodeAddress, metricsTokenFile,
                apiLimits, names, acme, newOidc);
    }

    /** The apex domain on the HTTPS edge, as a visitor's browser reaches it: https://DOMAIN[:HTTPS_PORT]. */
    public String apexUrl() {
        return "https://" + domain + (httpsPort == 443 ? "" : ":" + httpsPort);
    }

    /** The one redirect URI of the whole server, registered once with the OpenID Connect provider. */
    public String oidcRedirectUri() {
        return apexUrl() + "/.portway/oidc/callback";
    }

    /** The store in another place (a PostgreSQL database) than the data dir's SQLite file. */
    public ServerConfig withStore(StoreLocation newStore) {
        return new ServerConfig(dataDir, domain, bind, apiPort, httpPort, httpsPort, tunnelPort, tcpPorts, signup,
                heartbeat, deadAfter, limits, quotas, apiTls, metricsPort, newStore, nodeAddress,
                metricsTokenFile, apiLimits, names, acme, oidc);
    }
}

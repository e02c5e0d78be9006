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
        String udpPorts,
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
        OidcSettings oidc,
        UdpLimits udp,
        Duration handshakeTimeout) {

    /** A link's handshake deadline of none or zero would let no agent in (or, null, fail at its first link). */
    public ServerConfig {
        if (handshakeTimeout == null || handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("the link's handshake timeout must be more than 0, not "
                    + handshakeTimeout);
        }
    }

    /**
     * A builder for the settings of a server with this data directory: by default on loopback (127.0.0.1) with any
     * free ports, the domain localhost, --tcp-ports and --udp-ports
     * 20000-20999, sign-up open, the default limits and quotas, the API
     * in plain HTTP, /metrics on the API port, and the store in SQLite in the data dir.
     */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder(dataDir);
        b.domain = domain;
        b.bind = bind;
        b.apiPort = apiPort;
        b.httpPort = httpPort;
        b.httpsPort = httpsPort;
        b.tunnelPort = tunnelPort;
        b.tcpPorts = tcpPorts;
        b.udpPorts = udpPorts;
        b.signup = signup;
        b.heartbeat = heartbeat;
        b.deadAfter = deadAfter;
        b.limits = limits;
        b.quotas = quotas;
        b.apiTls = apiTls;
        b.metricsPort = metricsPort;
        b.store = store;
        b.nodeAddress = nodeAddress;
        b.metricsTokenFile = metricsTokenFile;
        b.apiLimits = apiLimits;
        b.names = names;
        b.acme = acme;
        b.oidc = oidc;
        b.udp = udp;
        b.handshakeTimeout = handshakeTimeout;
        return b;
    }

    public ServerConfig withLimits(EdgeLimits newLimits) {
        return toBuilder().limits(newLimits).build();
    }

    public ServerConfig withUdp(UdpLimits newUdp) {
        return toBuilder().udp(newUdp).build();
    }

    public ServerConfig withQuotas(AccountLimits newQuotas) {
        return toBuilder().quotas(newQuotas).build();
    }

    /** The API served over TLS with the server's certificate (plain HTTP is refused with tls_required). */
    public ServerConfig withApiTls(boolean tls) {
        return toBuilder().apiTls(tls).build();
    }

    /** /metrics on a port of its own (0: any free one), on the --bind address; null: on the API port. */
    public ServerConfig withMetricsPort(Integer port) {
        return toBuilder().metricsPort(port).build();
    }

    /** /metrics on the API port also answers a caller elsewhere that shows the token in this file (null: none). */
    public ServerConfig withMetricsTokenFile(Path file) {
        return toBuilder().metricsTokenFile(file).build();
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
            case SocketType.TCP, SocketType.TLS, SocketType.UDP -> type + "://" + dnsName + ":" + port;
            default -> "http://" + dnsName + (httpPort == 80 ? "" : ":" + httpPort) + "/";
        };
    }

    /** The first and last port of --tcp-ports ("20000-20999"). */
    public int[] tcpPortRange() {
        return range(tcpPorts);
    }

    /** The first and last port of --udp-ports ("20000-20999", UDP ports). */
    public int[] udpPortRange() {
        return range(udpPorts);
    }

    private static int[] range(String ports) {
        String[] parts = ports.split("-");
        return new int[]{Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip())};
    }

    public ServerConfig withPorts(int api, int http, int https, int tunnel) {
        return toBuilder().apiPort(api).httpPort(http).httpsPort(https).tunnelPort(tunnel).build();
    }

    /** Where the other nodes of a cluster (and agents) reach this one: --node-address, null for the default. */
    public ServerConfig withNodeAddress(String address) {
        return toBuilder().nodeAddress(address).build();
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
        return toBuilder().apiLimits(newApiLimits).build();
    }

    /** How names are given out and custom domains proven. */
    public ServerConfig withNames(NameRules newNames) {
        return toBuilder().names(newNames).build();
    }

    /** Certificates ordered from an ACME CA (AcmeSettings.NONE: none; the files in DATA/tls are served). */
    public ServerConfig withAcme(AcmeSettings newAcme) {
        return toBuilder().acme(newAcme).build();
    }

    /** Visitor sign-in with an OpenID Connect provider (OidcSettings.NONE: none). */
    public ServerConfig withOidc(OidcSettings newOidc) {
        return toBuilder().oidc(newOidc).build();
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
        return toBuilder().store(newStore).build();
    }

    /** Settings one at a time, so that a new setting is added here and in the record and nowhere else. */
    public static final class Builder {
        private final Path dataDir;
        private String domain = "localhost";
        private String bind = "127.0.0.1";
        private int apiPort;
        private int httpPort;
        private int httpsPort;
        private int tunnelPort;
        private String tcpPorts = "20000-20999";
        private String udpPorts = "20000-20999";
        private boolean signup = true;
        private Duration heartbeat = Duration.ofSeconds(5);
        private Duration deadAfter = Duration.ofSeconds(15);
        private EdgeLimits limits = EdgeLimits.DEFAULTS;
        private AccountLimits quotas = AccountLimits.DEFAULTS;
        private boolean apiTls;
        private Integer metricsPort;
        private StoreLocation store;
        private String nodeAddress;
        private Path metricsTokenFile;
        private ApiLimits apiLimits = ApiLimits.DEFAULTS;
        private NameRules names = NameRules.DEFAULTS;
        private AcmeSettings acme = AcmeSettings.NONE;
        private OidcSettings oidc = OidcSettings.NONE;
        private UdpLimits udp = UdpLimits.DEFAULTS;
        private Duration handshakeTimeout = Duration.ofSeconds(10);

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
            this.store = StoreLocation.sqlite(dataDir.resolve("portway.db"));
        }

        public Builder domain(String value) {
            this.domain = value;
            return this;
        }

        public Builder bind(String value) {
            this.bind = value;
            return this;
        }

        public Builder apiPort(int value) {
            this.apiPort = value;
            return this;
        }

        public Builder httpPort(int value) {
            this.httpPort = value;
            return this;
        }

        public Builder httpsPort(int value) {
            this.httpsPort = value;
            return this;
        }

        public Builder tunnelPort(int value) {
            this.tunnelPort = value;
            return this;
        }

        public Builder tcpPorts(String value) {
            this.tcpPorts = value;
            return this;
        }

        public Builder udpPorts(String value) {
            this.udpPorts = value;
            return this;
        }

        public Builder signup(boolean value) {
            this.signup = value;
            return this;
        }

        public Builder heartbeat(Duration value) {
            this.heartbeat = value;
            return this;
        }

        public Builder deadAfter(Duration value) {
            this.deadAfter = value;
            return this;
        }

        public Builder limits(EdgeLimits value) {
            this.limits = value;
            return this;
        }

        public Builder quotas(AccountLimits value) {
            this.quotas = value;
            return this;
        }

        public Builder apiTls(boolean value) {
            this.apiTls = value;
            return this;
        }

        public Builder metricsPort(Integer value) {
            this.metricsPort = value;
            return this;
        }

        public Builder store(StoreLocation value) {
            this.store = value;
            return this;
        }

        public Builder nodeAddress(String value) {
            this.nodeAddress = value;
            return this;
        }

        public Builder metricsTokenFile(Path value) {
            this.metricsTokenFile = value;
            return this;
        }

        public Builder apiLimits(ApiLimits value) {
            this.apiLimits = value;
            return this;
        }

        public Builder names(NameRules value) {
            this.names = value;
            return this;
        }

        public Builder acme(AcmeSettings value) {
            this.acme = value;
            return this;
        }

        public Builder oidc(OidcSettings value) {
            this.oidc = value;
            return this;
        }

        public Builder udp(UdpLimits value) {
            this.udp = value;
            return this;
        }

        /**
         * How long a link has to complete TLS on the tunnel port, and then again to send its hello (10 s each; tests
         * of the deadlines make them shorter).
         */
        public Builder handshakeTimeout(Duration value) {
            this.handshakeTimeout = value;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(dataDir, domain, bind, apiPort, httpPort, httpsPort, tunnelPort, tcpPorts,
                    udpPorts, signup, heartbeat, deadAfter, limits, quotas, apiTls, metricsPort, store, nodeAddress,
                    metricsTokenFile, apiLimits, names, acme, oidc, udp, handshakeTimeout);
        }
    }
}

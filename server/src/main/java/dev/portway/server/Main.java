// "portway server": parses flags (or PORTWAY_* variables), starts the server and prints where it listens.
package dev.portway.server;

import dev.portway.protocol.memory.IdleTrim;
import dev.portway.server.config.ServerConfig;
import dev.portway.server.config.UdpLimits;
import dev.portway.server.config.OidcSettings;
import dev.portway.server.config.NameRules;
import dev.portway.server.config.EdgeLimits;
import dev.portway.server.config.DnsLabel;
import dev.portway.server.config.ApiLimits;
import dev.portway.server.config.AcmeSettings;
import dev.portway.server.config.AccountLimits;
import dev.portway.protocol.Version;
import dev.portway.server.domains.Resolvers;
import dev.portway.server.security.SignupRate;
import dev.portway.server.store.StoreLocation;
import dev.portway.protocol.transport.Transports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

// Without a subcommand it runs the server, as it always has; "backup" and "admin" work on its data dir.
@Command(name = "portway server", mixinStandardHelpOptions = true, version = "Portway " + Version.PRODUCT,
        description = "Runs a Portway server: the API, the HTTP(S) edge and the tunnel port.",
        subcommands = {BackupCommand.class, AdminCommand.class, CertificatesCommand.class})
public final class Main implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:PORTWAY_DATA:-./portway-data}",
            description = "Data directory (SQLite file, TLS certificate). Default: ${DEFAULT-VALUE}")
    Path data;
    @Option(names = "--store", paramLabel = "STORE", defaultValue = "${env:PORTWAY_STORE:-sqlite}",
            description = "Where accounts, sockets and tunnels are kept: sqlite (the file portway.db in --data) or "
                    + "postgres://HOST:PORT/DATABASE, with the user and password in PORTWAY_STORE_USER and "
                    + "PORTWAY_STORE_PASSWORD (or PORTWAY_STORE_PASSWORD_FILE). Default: ${DEFAULT-VALUE}")
    String store;
    @Option(names = "--domain", paramLabel = "DOMAIN", defaultValue = "${env:PORTWAY_DOMAIN:-localhost}",
            description = "Edge domain; sockets get names under it. Default: ${DEFAULT-VALUE}")
    String domain;
    @Option(names = "--reserved-names", paramLabel = "LABELS",
            defaultValue = "${env:PORTWAY_RESERVED_NAMES:-api,admin,www,auth,mail}",
            description = "Subdomains nobody may pick (--subdomain) and no random name lands on, separated by "
                    + "commas; empty for none. Default: ${DEFAULT-VALUE}")
    String reservedNames;
    @Option(names = "--api-port", defaultValue = "${env:PORTWAY_API_PORT:-7070}", paramLabel = "PORT",
            description = "The REST API (/api/v1): HTTPS unless --bind is loopback. Default: ${DEFAULT-VALUE}")
    int apiPort;
    @Option(names = "--http-port", defaultValue = "${env:PORTWAY_HTTP_PORT:-8080}", paramLabel = "PORT",
            description = "The HTTP edge, routed by Host. Default: ${DEFAULT-VALUE}")
    int httpPort;
    @Option(names = "--https-port", defaultValue = "${env:PORTWAY_HTTPS_PORT:-8443}", paramLabel = "PORT",
            description = "The HTTPS edge (TLS ended with the server's certificate; tls sockets passed through by "
                    + "SNI). Default: ${DEFAULT-VALUE}")
    int httpsPort;
    @Option(names = "--tunnel-port", defaultValue = "${env:PORTWAY_TUNNEL_PORT:-7443}", paramLabel = "PORT",
            description = "Where agents open their TLS links. Default: ${DEFAULT-VALUE}")
    int tunnelPort;
    @Option(names = "--tcp-ports", paramLabel = "RANGE", defaultValue = "${env:PORTWAY_TCP_PORTS:-20000-20999}",
            description = "Ports for tcp and tls sockets: each gets one of them for as long as it exists. "
                    + "Default: ${DEFAULT-VALUE}")
    String tcpPorts;
    @Option(names = "--udp-ports", paramLabel = "RANGE", defaultValue = "${env:PORTWAY_UDP_PORTS:-20000-20999}",
            description = "UDP ports for udp sockets (UDP's own port space: the range may overlap --tcp-ports): "
                    + "each gets one of them for as long as it exists. Default: ${DEFAULT-VALUE}")
    String udpPorts;
    @Option(names = "--metrics-port", defaultValue = "${env:PORTWAY_METRICS_PORT}", paramLabel = "PORT",
            description = "Serve /metrics (Prometheus) on this port, on the --bind address, instead of on the API "
                    + "port; firewall it like the API port. Default: none (/metrics on the API port).")
    Integer metricsPort;
    @Option(names = "--metrics-token-file", defaultValue = "${env:PORTWAY_METRICS_TOKEN_FILE}", paramLabel = "FILE",
            description = "/metrics on the API port answers this machine only, or a caller that sends the token in "
                    + "this file as a bearer token (Prometheus: authorization: credentials_file). Default: none.")
    Path metricsTokenFile;
    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "${env:PORTWAY_BIND:-0.0.0.0}",
            description = "Address every listener binds to. Default: ${DEFAULT-VALUE}")
    String bind;
    @Option(names = "--node-address", defaultValue = "${env:PORTWAY_NODE_ADDRESS}", paramLabel = "HOST",
            description = "With a PostgreSQL --store shared by several servers: the name or address at which the "
                    + "other nodes and agents reach this node's tunnel port. Default: the --bind address, or the "
                    + "machine's host name when bound to every interface.")
    String nodeAddress;
    @Option(names = "--header-timeout", paramLabel = "SECONDS", defaultValue = "${env:PORTWAY_HEADER_TIMEOUT:-10}",
            description = "Seconds an HTTP(S) visitor has to send a complete request head. Default: ${DEFAULT-VALUE}")
    int headerTimeout;
    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "${env:PORTWAY_IDLE_TIMEOUT:-60}",
            description = "Seconds an HTTP(S) connection may move no bytes before it is closed. "
                    + "Default: ${DEFAULT-VALUE}")
    int idleTimeout;
    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "${env:PORTWAY_MAX_CONNECTIONS:-10000}",
            description = "Visitor connections at once, over all edge ports. Default: ${DEFAULT-VALUE}")
    int maxConnections;
    @Option(names = "--max-connections-per-ip", defaultValue = "${env:PORTWAY_MAX_CONNECTIONS_PER_IP:-256}",
            paramLabel = "N", description = "Visitor connections at once from one address. Default: ${DEFAULT-VALUE}")
    int maxConnectionsPerIp;
    @Option(names = "--udp-idle-timeout", paramLabel = "SECONDS",
            defaultValue = "${env:PORTWAY_UDP_IDLE_TIMEOUT:-60}",
            description = "Seconds a udp socket's flow (one visitor address and port) may pass no datagram either way "
                    + "before it ends; from 1 (a flow never lives forever). Default: ${DEFAULT-VALUE}")
    int udpIdleTimeout;
    @Option(names = "--udp-max-flows-per-socket", paramLabel = "N",
            defaultValue = "${env:PORTWAY_UDP_MAX_FLOWS_PER_SOCKET:-1000}",
            description = "Flows at once on one udp socket; past it a new visitor ends the oldest flow never "
                    + "answered, or (all answered) its datagrams are dropped. Default: ${DEFAULT-VALUE}")
    int udpMaxFlowsPerSocket;
    @Option(names = "--udp-max-flows-per-address", paramLabel = "N",
            defaultValue = "${env:PORTWAY_UDP_MAX_FLOWS_PER_ADDRESS:-100}",
            description = "Flows at once from one visitor address (an IPv6 one's /64), over every udp socket. "
                    + "Default: ${DEFAULT-VALUE}")
    int udpMaxFlowsPerAddress;
    @Option(names = "--max-sockets-per-user", defaultValue = "${env:PORTWAY_MAX_SOCKETS_PER_USER:-100}",
            paramLabel = "N", description = "Sockets one account may have. Default: ${DEFAULT-VALUE}")
    int maxSockets;
    @Option(names = "--max-ports-per-user", paramLabel = "N", defaultValue = "${env:PORTWAY_MAX_PORTS_PER_USER:-10}",
            description = "tcp, tls and udp sockets (each holds a dedicated port of --tcp-ports or --udp-ports) one "
                    + "account may have; an admin may set another number per account. Default: ${DEFAULT-VALUE}")
    int maxPorts;
    @Option(names = "--signup-rate", paramLabel = "N/UNIT", defaultValue = "${env:PORTWAY_SIGNUP_RATE:-5/h}",
            description = "Accounts one client address may open per second, minute, hour or day: 5/h, 20/d, … "
                    + "Default: ${DEFAULT-VALUE}")
    String signupRate;
    @Option(names = "--max-tunnels-per-socket", defaultValue = "${env:PORTWAY_MAX_TUNNELS_PER_SOCKET:-20}",
            paramLabel = "N", description = "Tunnels one socket may have. Default: ${DEFAULT-VALUE}")
    int maxTunnels;
    @Option(names = "--resolver", paramLabel = "HOST:PORT", defaultValue = "${env:PORTWAY_RESOLVER}",
            description = "DNS server that TXT records are looked up with: custom domains' proofs, and the DNS"
                    + " hook's record before the CA is asked to check it. Default: the system's")
    String resolver;
    @Option(names = "--max-custom-domains-per-socket", paramLabel = "N",
            defaultValue = "${env:PORTWAY_MAX_CUSTOM_DOMAINS_PER_SOCKET:-10}",
            description = "Custom domains one socket may have. Default: ${DEFAULT-VALUE}")
    int maxCustomDomainsPerSocket;
    @Option(names = "--max-custom-domains-per-user", paramLabel = "N",
            defaultValue = "${env:PORTWAY_MAX_CUSTOM_DOMAINS_PER_USER:-20}",
            description = "Custom domains one account may have over all its sockets. Default: ${DEFAULT-VALUE}")
    int maxCustomDomainsPerUser;
    @Option(names = "--max-event-streams-per-user", paramLabel = "N",
            defaultValue = "${env:PORTWAY_MAX_EVENT_STREAMS_PER_USER:-10}",
            description = "Live-event streams (GET /api/v1/events) one account may hold open. "
                    + "Default: ${DEFAULT-VALUE}")
    int maxEventStreams;
    @Option(names = "--max-event-streams-per-ip", defaultValue = "${env:PORTWAY_MAX_EVENT_STREAMS_PER_IP:-50}",
            paramLabel = "N",
            description = "Live-event streams open from one address, over every account. Default: ${DEFAULT-VALUE}")
    int maxEventStreamsPerIp;
    @Option(names = "--max-api-connections", defaultValue = "${env:PORTWAY_MAX_API_CONNECTIONS:-1000}",
            paramLabel = "N",
            description = "API connections at once; past it the API accepts no more until one closes. "
                    + "Default: ${DEFAULT-VALUE}")
    int maxApiConnections;
    @Option(names = "--max-api-connections-per-ip", defaultValue = "${env:PORTWAY_MAX_API_CONNECTIONS_PER_IP:-100}",
            paramLabel = "N", description = "API connections at once from one address. Default: ${DEFAULT-VALUE}")
    int maxApiConnectionsPerIp;
    @Option(names = "--drain-timeout", paramLabel = "SECONDS", defaultValue = "${env:PORTWAY_DRAIN_TIMEOUT:-30}",
            description = "On SIGTERM, seconds to let transfers in flight finish. Default: ${DEFAULT-VALUE}")
    int drainTimeout;
    @Option(names = "--edge-http2", arity = "1", paramLabel = "BOOLEAN",
            defaultValue = "${env:PORTWAY_EDGE_HTTP2:-true}",
            description = "Offer HTTP/2 (ALPN h2) to visitors on the HTTPS port beside HTTP/1.1; false offers "
                    + "HTTP/1.1 only. Default: ${DEFAULT-VALUE}")
    boolean edgeHttp2;
    @Option(names = "--insecure-api", negatable = false, defaultValue = "${env:PORTWAY_INSECURE_API:-false}",
            description = "Serve the API in plain HTTP although --bind is not loopback (only behind a proxy that "
                    + "ends TLS): passwords and tokens would cross the network in the clear. Default: off.")
    boolean insecureApi;
    @Option(names = "--no-signup", negatable = false, defaultValue = "${env:PORTWAY_NO_SIGNUP:-false}",
            description = "Refuse new accounts through the API. Default: off (anyone may sign up).")
    boolean noSignup;
    @Option(names = "--acme-directory", paramLabel = "URL", defaultValue = "${env:PORTWAY_ACME_DIRECTORY}",
            description = "Order certificates for --domain and every socket's name from this ACME CA (RFC 8555) by "
                    + "HTTP-01 on the HTTP edge port (80 on the internet): its directory URL, or letsencrypt or "
                    + "letsencrypt-staging. Default: none (the certificate in DATA/tls is served).")
    String acmeDirectory;
    @Option(names = "--acme-email", paramLabel = "EMAIL", defaultValue = "${env:PORTWAY_ACME_EMAIL}",
            description = "Contact address of the server's ACME account (the CA's expiry notices). Default: none.")
    String acmeEmail;
    @Option(names = "--acme-ca-root", paramLabel = "FILE", defaultValue = "${env:PORTWAY_ACME_CA_ROOT}",
            description = "A PEM root certificate to trust for the ACME server's own HTTPS, instead of the system's "
                    + "roots (a private CA such as step-ca). Default: none.")
    Path acmeCaRoot;
    @Option(names = "--acme-dns-hook", paramLabel = "CMD", defaultValue = "${env:PORTWAY_ACME_DNS_HOOK}",
            description = "One *.DOMAIN and DOMAIN certificate by DNS-01 instead of one per name: run as CMD present "
                    + "FQDN VALUE and CMD cleanup FQDN VALUE (split at blanks, quotes as in sh; no shell unless CMD is "
                    + "sh -c '...'). Default: none.")
    String acmeDnsHook;
    @Option(names = "--oidc-issuer", paramLabel = "URL", defaultValue = "${env:PORTWAY_OIDC_ISSUER}",
            description = "Visitors of sockets with --allow-email/--allow-email-domain sign in with this OpenID "
                    + "Connect provider (discovered from URL/.well-known/openid-configuration); https, or http on "
                    + "loopback only. Register there the one redirect URI the server prints at start (the "
                    + "callback on DOMAIN's HTTPS port). Default: none (no e-mail sign-in).")
    String oidcIssuer;
    @Option(names = "--oidc-client-id", paramLabel = "ID", defaultValue = "${env:PORTWAY_OIDC_CLIENT_ID}",
            description = "The client id registered with the --oidc-issuer provider. Default: none.")
    String oidcClientId;
    @Option(names = "--oidc-client-secret", paramLabel = "SECRET", defaultValue = "${env:PORTWAY_OIDC_CLIENT_SECRET}",
            description = "Its client secret; better in PORTWAY_OIDC_CLIENT_SECRET or a file named by "
                    + "PORTWAY_OIDC_CLIENT_SECRET_FILE (a command line is visible to every user of the machine). "
                    + "Default: none (a public client: PKCE only).")
    String oidcClientSecret;
    @Option(names = "--oidc-session", paramLabel = "LIFETIME", defaultValue = "${env:PORTWAY_OIDC_SESSION:-12h}",
            description = "How long a visitor stays signed in to a socket: 90s, 30m, 12h, 7d. "
                    + "Default: ${DEFAULT-VALUE}")
    String oidcSession;
    @Option(names = "--certificate-rate", paramLabel = "N/UNIT",
            defaultValue = "${env:PORTWAY_CERTIFICATE_RATE:-10/d}",
            description = "New certificates (not renewals) one account's socket names and custom domains may order "
                    + "per hour or day, over all nodes: the CA's rate limits are the server's. Past it a name waits "
                    + "(served with the wildcard or the server's own). Default: ${DEFAULT-VALUE}")
    String certificateRate;

    public static void main(String[] args) {
        try {
            IdleTrim.startFromProperty();
        } catch (IllegalArgumentException e) {
            System.err.println("portway server: " + e.getMessage());
            System.exit(2);
        }
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((ex, a) -> {
            System.err.println("portway server: " + ex.getMessage());
            return 2;
        });
        return cli.execute(args);
    }

    /** HTTPS unless the API never leaves this machine, or the operator says a proxy in front ends TLS. */
    static boolean apiTls(String bind, boolean insecureApi) {
        return !insecureApi && !loopback(bind);
    }

    /** A loopback bind keeps the API off the network, so it needs no TLS: the server's own machine trusts itself. */
    static boolean loopback(String bind) {
        try {
            return java.net.InetAddress.getByName(bind).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static boolean validRange(String range) {
        if (!range.matches("\\d{1,5}-\\d{1,5}")) {
            return false;
        }
        String[] p = range.split("-");
        int first = Integer.parseInt(p[0]);
        int last = Integer.parseInt(p[1]);
        return first >= 1 && first <= last && last <= 65535;
    }

    @Override
    public Integer call() {
        if (!validRange(tcpPorts)) {
            System.err.println("portway server: --tcp-ports must be a range of ports like 20000-20999, not "
                    + tcpPorts);
            return 2;
        }
        if (!validRange(udpPorts)) {
            System.err.println("portway server: --udp-ports must be a range of ports like 20000-20999, not "
                    + udpPorts);
            return 2;
        }
        if (metricsPort != null && (metricsPort < 1 || metricsPort > 65535)) {
            System.err.println("portway server: --metrics-port must be a port from 1 to 65535, not " + metricsPort);
            return 2;
        }
        if (udpIdleTimeout < 1 || udpMaxFlowsPerSocket < 1 || udpMaxFlowsPerAddress < 1) {
            System.err.println("portway server: --udp-idle-timeout, --udp-max-flows-per-socket and "
                    + "--udp-max-flows-per-address take whole numbers from 1");
            return 2;
        }
        if (drainTimeout < 0 || headerTimeout < 1 || idleTimeout < 1 || maxConnections < 1 || maxConnectionsPerIp < 1
                || maxSockets < 1 || maxTunnels < 1 || maxPorts < 1 || maxEventStreams < 1 || maxEventStreamsPerIp < 1
                || maxApiConnections < 1 || maxApiConnectionsPerIp < 1 || maxCustomDomainsPerSocket < 1
                || maxCustomDomainsPerUser < 1) {
            System.err.println("portway server: --header-timeout, --idle-timeout and the --max-… limits take "
                    + "whole numbers from 1");
            return 2;
        }
        AcmeSettings acme;
        try {
            acme = AcmeFlags.parse(acmeDirectory, acmeEmail, acmeCaRoot, acmeDnsHook).withCertificateRate(
                    SignupRate.parse(certificateRate, "--certificate-rate takes new certificates per account like"
                            + " 10/d"));
        } catch (IllegalArgumentException e) {
            System.err.println("portway server: " + e.getMessage());
            return 2;
        }
        OidcSettings oidc;
        try {
            oidc = OidcFlags.parse(oidcIssuer, oidcClientId, oidcClientSecret, oidcSession, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("portway server: " + e.getMessage());
            return 2;
        }
        StoreLocation location;
        SignupRate signups;
        NameRules names;
        try {
            signups = SignupRate.parse(signupRate);
            location = StoreLocation.parse(store, data, System.getenv());
            names = new NameRules(DnsLabel.parseList(reservedNames, "--reserved-names"),
                    resolver == null ? null : Resolvers.parse(resolver));
        } catch (IllegalArgumentException e) {
            System.err.println("portway server: " + e.getMessage());
            return 2;
        }
        ServerConfig config = ServerConfig.builder(data).domain(domain.toLowerCase(java.util.Locale.ROOT)).bind(bind)
                .apiPort(apiPort).httpPort(httpPort).httpsPort(httpsPort).tunnelPort(tunnelPort).tcpPorts(tcpPorts)
                .udpPorts(udpPorts)
                .signup(!noSignup).heartbeat(Duration.ofSeconds(5)).deadAfter(Duration.ofSeconds(15))
                .limits(new EdgeLimits(Duration.ofSeconds(headerTimeout), Duration.ofSeconds(idleTimeout),
                        maxConnections, maxConnectionsPerIp, edgeHttp2))
                .quotas(new AccountLimits(maxSockets, maxTunnels, maxPorts, signups)
                        .withCustomDomains(maxCustomDomainsPerSocket, maxCustomDomainsPerUser))
                .apiTls(apiTls(bind, insecureApi)).metricsPort(metricsPort).store(location).nodeAddress(nodeAddress)
                .metricsTokenFile(metricsTokenFile)
                .apiLimits(new ApiLimits(maxEventStreams, maxEventStreamsPerIp, maxApiConnections,
                        maxApiConnectionsPerIp))
                .names(names).acme(acme).oidc(oidc)
                .udp(new UdpLimits(Duration.ofSeconds(udpIdleTimeout), udpMaxFlowsPerSocket, udpMaxFlowsPerAddress))
                .build();
        PortwayServer server;
        try {
            server = PortwayServer.start(config);
        } catch (StartupException e) {
            System.err.println("portway server: " + e.getMessage());
            return 1;
        }
        // Before "ready": a signal from whoever waits for that line must find the graceful handler in place.
        CountDownLatch signalled = new CountDownLatch(1);
        AtomicBoolean closed = new AtomicBoolean();
        StopSignals.install(signalled::countDown, System.getenv());
        ReloadSignal.install(server::reloadCertificates);
        ServerConfig c = server.config();
        String shown = c.bind().equals("0.0.0.0") ? "127.0.0.1" : c.bind();
        System.out.println("api     " + c.apiUrl() + "/api/v1" + (c.apiTls() ? " (TLS, sha256 "
                + server.apiFingerprint() + ")" : loopback(c.bind()) ? "" : " (plain HTTP: --insecure-api)"));
        System.out.println("http    http://<name>." + c.domain() + ":" + c.httpPort() + "/");
        System.out.println("https   https://<name>." + c.domain() + ":" + c.httpsPort() + "/");
        if (c.oidc().enabled()) {
            System.out.println("oidc    " + c.oidc().issuer() + " (register the redirect URI " + c.oidcRedirectUri()
                    + ")");
        }
        System.out.println("tcp     " + shown + ":" + c.tcpPorts() + " (one port per tcp or tls socket)");
        System.out.println("udp     " + shown + ":" + c.udpPorts() + " (one UDP port per udp socket)");
        System.out.println("tunnel  " + shown + ":" + c.tunnelPort() + " (TLS, sha256 " + server.fingerprint() + ")");
        System.out.println("metrics " + (c.metricsPort() == null ? c.apiUrl() : "http://" + (shown.contains(":")
                ? "[" + shown + "]" : shown) + ":" + c.metricsPort()) + "/metrics");
        System.out.println("data    " + c.dataDir().toAbsolutePath().normalize());
        System.out.println("store   " + c.store());
        System.out.println("network " + Transports.current().label());
        System.out.println("ready");
        // Any other way out (System.exit) still closes the server, without the wait.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (closed.compareAndSet(false, true)) {
                server.close();
            }
        }, "portway-shutdown"));
        try {
            signalled.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.println("stopping: no new visitors or agents; waiting up to " + drainTimeout
                + " s for transfers in flight (signal again to stop at once)");
        server.drain(Duration.ofSeconds(drainTimeout));
        if (closed.compareAndSet(false, true)) {
            server.close();
        }
        System.out.println("stopped");
        return 0;
    }
}

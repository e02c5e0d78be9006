// A terminal command that reaches a tcp, tls or udp socket, for the command line's "try" line and the app's hint (one
// rule for both): openssl s_client for tls; for tcp, ssh when the local service is an ssh server (port 22), else nc,
// which talks to any service without assuming its protocol; for udp, dig when the local service is a DNS server (port
// 53), else nc -u.
package dev.portway.agent.engine;

import dev.portway.protocol.api.SocketType;
import java.util.Collection;

public final class TryCommand {
    /** The local port whose service ssh reaches. */
    static final int SSH_PORT = 22;
    /** The local port whose service dig asks. */
    static final int DNS_PORT = 53;

    private TryCommand() {
    }

    /**
     * type: tcp, tls or udp (anything else gives ""); dnsName and port: where visitors reach the socket; server: the
     * API URL, whose host a name under localhost stands for; localPorts: the local ports its tunnels expose.
     */
    public static String of(String type, String dnsName, int port, String server, Collection<Integer> localPorts) {
        String host = DialHost.of(dnsName, server);
        return switch (type) {
            case SocketType.TLS -> "openssl s_client -connect " + DialHost.withPort(host, port) + " -servername "
                    + dnsName;
            case SocketType.TCP -> localPorts.contains(SSH_PORT) ? "ssh -p " + port + " user@" + host
                    : "nc " + host + " " + port;
            case SocketType.UDP -> localPorts.contains(DNS_PORT) ? "dig @" + host + " -p " + port + " example.com"
                    : "nc -u " + host + " " + port;
            default -> "";
        };
    }
}

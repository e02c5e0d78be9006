// The local service a tunnel exposes: host and port on the agent's machine.
package dev.portway.agent.engine;

public record LocalTarget(String host, int port) {
    @Override
    public String toString() {
        return host + ":" + port;
    }

    /** "HOST:PORT", an IPv6 host in brackets: as the hello reports it and the API shows it. */
    public String address() {
        return DialHost.withPort(host, port);
    }

    /** The target an address() names; empty for anything else (an older agent's absent one, garbage). */
    public static java.util.Optional<LocalTarget> parse(String address) {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        if (colon <= 0) {
            return java.util.Optional.empty();
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            return port < 1 || port > 65535 || host.isBlank() ? java.util.Optional.empty()
                    : java.util.Optional.of(new LocalTarget(host, port));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}

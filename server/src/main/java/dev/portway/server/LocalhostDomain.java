// The default edge domain, localhost, on a server others reach: names under it resolve on each visitor's own machine.
package dev.portway.server;

import java.util.Optional;

final class LocalhostDomain {
    private LocalhostDomain() {
    }

    /** The start-up warning for a localhost domain on a non-loopback bind; empty when the two agree. */
    static Optional<String> warning(String domain, String bind) {
        boolean local = domain.equals("localhost") || domain.endsWith(".localhost");
        if (!local || Main.loopback(bind)) {
            return Optional.empty();
        }
        return Optional.of("--domain " + domain + " with --bind " + bind + ": socket names under " + domain
                + " resolve only on each visitor's own machine, so visitors elsewhere cannot reach them by name; "
                + "set --domain to a name whose wildcard (*.DOMAIN) points at this server");
    }
}

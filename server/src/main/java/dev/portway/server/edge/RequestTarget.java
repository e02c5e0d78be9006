// Normalizes a request target to origin-form (path and query), so an origin that obeys an absolute URI's
// authority can never be steered to a virtual host the edge did not route.
package dev.portway.server.edge;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

final class RequestTarget {
    private static final Pattern ABSOLUTE = Pattern.compile("(?i)(https?)://([^/?#]*)([^#]*)(#.*)?");

    private RequestTarget() {
    }

    /** The origin-form of the target; IllegalArgumentException (with the reason) when it cannot be sent on. */
    static String originForm(String target, String routingName) {
        if (target.startsWith("/") || target.equals("*")) {
            return target;
        }
        Matcher m = ABSOLUTE.matcher(target);
        if (!m.matches()) {
            throw new IllegalArgumentException("The request target must be a path (like /index.html).");
        }
        String authority = m.group(2);
        if (authority.contains("@")) {
            throw new IllegalArgumentException("The request target must not carry user information.");
        }
        if (!routingName.equals(Hosts.routingName(authority))) {
            throw new IllegalArgumentException("The request target names another host than the Host header.");
        }
        String rest = m.group(3);
        return rest.isEmpty() ? "/" : rest.startsWith("?") ? "/" + rest : rest;
    }
}

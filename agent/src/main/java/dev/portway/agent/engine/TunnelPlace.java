// Where a tunnel runs, in the words both the app's tunnel rows and "tunnel ls --watch" use: "online here",
// "online via another agent (HOST, since HH:MM)" or "offline".
package dev.portway.agent.engine;

import dev.portway.protocol.api.TunnelInfo;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

public final class TunnelPlace {
    public static final String HERE = "online here";
    public static final String OFFLINE = "offline";
    /** When the other agent connected, on the reader's clock: a person compares it with the time on their screen. */
    private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("HH:mm");

    private TunnelPlace() {
    }

    /** As the server says (this machine's own agent is not told apart: the app says "online here" itself). */
    public static String of(TunnelInfo t, ZoneId zone) {
        return TunnelInfo.ONLINE.equals(t.status()) ? elsewhere(host(t), t.connectedSince(), zone) : OFFLINE;
    }

    /** The machine whose agent holds the link: its name, else its address. */
    public static String host(TunnelInfo t) {
        return t.agentHost() != null ? t.agentHost() : t.agentAddress() != null ? t.agentAddress() : "an unknown host";
    }

    /** since: the server's ISO-8601 instant, or null (then, or if unreadable, the time is left out). */
    public static String elsewhere(String host, String since, ZoneId zone) {
        return "online via another agent (" + host + sinceText(since, zone) + ")";
    }

    private static String sinceText(String since, ZoneId zone) {
        try {
            return since == null ? "" : ", since " + SINCE.withZone(zone).format(Instant.parse(since));
        } catch (DateTimeParseException e) {
            return "";
        }
    }
}

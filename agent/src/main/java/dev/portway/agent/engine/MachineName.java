// This machine's name, as its owner knows it: shown in the app when the tunnel is online via this agent.
package dev.portway.agent.engine;

import java.net.InetAddress;
import java.net.UnknownHostException;

final class MachineName {
    private MachineName() {
    }

    /** The host name, without looking anything up on the network when the system knows it; null if unknown. */
    static String get() {
        for (String var : new String[]{"HOSTNAME", "COMPUTERNAME"}) {
            String v = System.getenv(var);
            if (v != null && !v.isBlank()) {
                return clip(v);
            }
        }
        try {
            return clip(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String clip(String name) {
        String s = name.strip();
        return s.length() > 64 ? s.substring(0, 64) : s;
    }
}

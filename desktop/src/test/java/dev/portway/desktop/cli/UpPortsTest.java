// The ports "up" checks are the server's, with its variables and defaults, and the flags are read as the server
// reads them.
package dev.portway.desktop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class UpPortsTest {
    @Test
    void theListenersAreTheServersWithItsVariablesAndDefaults() {
        // As the server declares them (picocli would hand back the defaults with this machine's variables applied).
        Map<String, String> declared = new TreeMap<>();
        for (Field f : dev.portway.server.Main.class.getDeclaredFields()) {
            CommandLine.Option o = f.getAnnotation(CommandLine.Option.class);
            if (o != null && o.names()[0].endsWith("-port")) {
                declared.put(o.names()[0], o.defaultValue());
            }
        }
        Map<String, String> checked = new TreeMap<>();
        for (UpPorts.Listener l : UpPorts.LISTENERS) {
            checked.put(l.flag(), "${env:" + l.variable() + (l.defaultPort() == null ? "" : ":-" + l.defaultPort())
                    + "}");
        }
        assertEquals(declared, checked, "every port the server listens on is checked, with its variable and default");
    }

    @Test
    void aVariableCountsUnlessAFlagSaysOtherwise() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getByName(UpCommand.BIND))) {
            String port = Integer.toString(held.getLocalPort());
            List<String> free = List.of("--api-port", "0", "--http-port", "0", "--https-port", "0",
                    "--tunnel-port", "0");
            Optional<String> byVariable = UpPorts.taken(free.subList(0, 6), Map.of("PORTWAY_TUNNEL_PORT", port));
            assertTrue(byVariable.orElseThrow().startsWith("port " + port + " is taken"), byVariable.toString());
            assertEquals(Optional.empty(), UpPorts.taken(free, Map.of("PORTWAY_TUNNEL_PORT", port)));
            assertEquals(Optional.empty(), UpPorts.taken(List.of("--api-port", "seven", "--http-port", "0"),
                    Map.of()), "a flag that is no port is the server's to refuse");
        }
    }
}

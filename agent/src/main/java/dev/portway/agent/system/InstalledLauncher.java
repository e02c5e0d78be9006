// Whether this program runs from an installed package: jpackage's launcher (portway, Portway.app, portway.exe) sets
// jpackage.app-path to itself. Read here only, so the login entry, its Java home and the agent's service agree.
package dev.portway.agent.system;

import java.util.Optional;
import java.util.function.UnaryOperator;

public final class InstalledLauncher {
    private InstalledLauncher() {
    }

    /**
     * The installed launcher's path, which stays put across updates and carries its own runtime and options; empty
     * in a checkout or for a bare jar.
     *
     * @param property looks up a system property (tests pass their own)
     */
    public static Optional<String> of(UnaryOperator<String> property) {
        return Optional.ofNullable(property.apply("jpackage.app-path"));
    }
}

// "agent install-service" writes a systemd unit: on macOS and Windows it says so in one line and what to use instead.
package dev.portway.agent.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.system.Os;
import org.junit.jupiter.api.Test;

class InstallServiceRefusalTest {
    @Test
    void linuxWritesTheUnit() {
        assertNull(AgentCommands.InstallService.refusal(Os.LINUX));
    }

    @Test
    void macAndWindowsAreToldItIsLinuxOnlyAndWhatToUse() {
        for (Os os : new Os[] {Os.MAC, Os.WINDOWS}) {
            String why = AgentCommands.InstallService.refusal(os);
            assertTrue(why.contains("Linux-only") && why.contains("Connect at login"), why);
            assertTrue(why.contains(os == Os.MAC ? "macOS" : "Windows"), why);
            assertFalse(why.contains("\n"), why);
        }
    }
}

// Which command lines unpack the universal jar's JavaFX first: those that open the app, and only those.
package dev.portway.desktop.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DesktopMainTest {
    @Test
    void appAndUpOpenTheAppOtherCommandsDoNot() {
        assertTrue(DesktopMain.opensApp(new String[] {"app"}));
        assertTrue(DesktopMain.opensApp(new String[] {"--verbose", "up", "--port", "8080"}));
        assertTrue(DesktopMain.opensApp(new String[] {"app", "--minimized"}));
        assertFalse(DesktopMain.opensApp(new String[] {"--help"}));
        assertFalse(DesktopMain.opensApp(new String[] {"socket", "ls"}));
        assertFalse(DesktopMain.opensApp(new String[] {"server", "app"}));
    }
}

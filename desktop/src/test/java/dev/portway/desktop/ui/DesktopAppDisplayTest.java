// Whether the app can open a window: Linux needs DISPLAY or WAYLAND_DISPLAY; macOS and Windows have none to ask.
package dev.portway.desktop.ui;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.portway.agent.system.Os;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesktopAppDisplayTest {
    @Test
    void linuxWithoutDisplayOrWaylandIsRefusedWithAReason() {
        assertNotNull(DesktopApp.whyNoDisplay(Os.LINUX, Map.of()));
        assertNull(DesktopApp.whyNoDisplay(Os.LINUX, Map.of("DISPLAY", ":0")));
        assertNull(DesktopApp.whyNoDisplay(Os.LINUX, Map.of("WAYLAND_DISPLAY", "wayland-0")));
    }

    @Test
    void macAndWindowsNeedNoDisplayVariable() {
        assertNull(DesktopApp.whyNoDisplay(Os.MAC, Map.of()));
        assertNull(DesktopApp.whyNoDisplay(Os.WINDOWS, Map.of()));
    }
}

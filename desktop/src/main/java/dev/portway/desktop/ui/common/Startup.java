// What the last run left, read once before the window opens and off the FX thread: the settings, whether the login
// item is installed, and (only when no theme was chosen) whether the system prefers dark.
package dev.portway.desktop.ui.common;

import dev.portway.agent.engine.Settings;
import dev.portway.agent.engine.SettingsStore;
import dev.portway.desktop.system.Autostart;
import dev.portway.desktop.system.SystemTheme;

public record Startup(Settings settings, boolean loginItem, boolean systemDark) {
    public static Startup read(SettingsStore store, Autostart autostart, SystemTheme system) {
        Settings s = store.load();
        return new Startup(s, autostart.isInstalled(), s.theme() == null && system.prefersDark());
    }

    /** The user's choice wins; without one, the system's. */
    boolean dark() {
        return settings.theme() == null ? systemDark : Settings.DARK.equals(settings.theme());
    }
}

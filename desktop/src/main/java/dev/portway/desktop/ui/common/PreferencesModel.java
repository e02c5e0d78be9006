// Choices kept between runs: the theme (light or dark; until chosen, the system's) and connect at login. Files are
// written off the FX thread, in the order the choices were made.
package dev.portway.desktop.ui.common;

import dev.portway.agent.engine.Settings;
import dev.portway.agent.engine.SettingsStore;
import dev.portway.desktop.system.Autostart;
import java.io.IOException;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

public final class PreferencesModel {
    private final SettingsStore store;
    private final Autostart autostart;
    private final Calls calls;
    private final Banner banner;
    private final InOrder writes;
    private final ReadOnlyBooleanWrapper dark = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper connectAtLogin = new ReadOnlyBooleanWrapper();

    public PreferencesModel(SettingsStore store, Autostart autostart, Calls calls, Executor background, Banner banner) {
        this.store = store;
        this.autostart = autostart;
        this.calls = calls;
        this.banner = banner;
        this.writes = new InOrder(background, e -> calls.fx(() -> banner.show(Calls.plain(e))));
    }

    public void apply(Startup s) {
        dark.set(s.dark());
        connectAtLogin.set(s.settings().connectAtLogin() && s.loginItem());
    }

    // ---- commands ----------------------------------------------------------------------------------------------

    /** The user's choice, kept from now on (it wins over the system's setting). */
    public void setDark(boolean on) {
        dark.set(on);
        String theme = on ? Settings.DARK : Settings.LIGHT;
        writes.execute(() -> {
            store.update(s -> s.withTheme(theme));
        });
    }

    /** Installs or removes the login item; if that fails, the switch shows what is really there. */
    public void setConnectAtLogin(boolean on) {
        connectAtLogin.set(on);
        writes.execute(() -> {
            try {
                if (on) {
                    autostart.install();
                } else {
                    autostart.remove();
                }
                store.update(s -> s.withConnectAtLogin(on));
            } catch (IOException e) {
                boolean installed = autostart.isInstalled();
                calls.fx(() -> {
                    banner.show("Could not change the login item: " + e.getMessage());
                    connectAtLogin.set(installed);
                });
            }
        });
    }

    // ---- read-only state ---------------------------------------------------------------------------------------

    public ReadOnlyBooleanProperty darkProperty() {
        return dark.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty connectAtLoginProperty() {
        return connectAtLogin.getReadOnlyProperty();
    }
}

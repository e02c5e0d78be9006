// The program "Connect at login" runs to start a checkout's app again: its launcher, except portway.cmd on Windows.
package dev.portway.desktop.system;

import dev.portway.agent.service.JvmOptions;
import dev.portway.agent.system.JavaExecutable;
import dev.portway.agent.system.Os;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

public final class LoginLauncher {
    private LoginLauncher() {
    }

    /**
     * The command, before the app's own arguments, that starts the app as the launcher did. On Windows the Startup
     * entry's start would run portway.cmd through cmd /K, which keeps a console window open for as long as the app
     * runs and, given more than two quotes, drops the first and the last, so a quoted path with spaces and quoted
     * arguments no longer parse. So there the entry runs javaw (no console) with the options portway.cmd gives the
     * app: jvm.options' all and client roles (the jar's copy) and the two properties, on the jar this JVM runs.
     *
     * @param launcher the launcher script's full path (property portway.launcher)
     * @param property looks up a system property (tests pass their own)
     */
    public static List<String> of(Os os, String launcher, UnaryOperator<String> property) {
        if (os != Os.WINDOWS || !launcher.toLowerCase(Locale.ROOT).endsWith(".cmd")) {
            return List.of(launcher);
        }
        List<String> properties = new ArrayList<>();
        String serverJar = property.apply("portway.serverJar");
        if (serverJar != null) {
            properties.add("-Dportway.serverJar=" + serverJar);
        }
        properties.add("-Dportway.launcher=" + launcher);
        return JvmOptions.clientCommand(JavaExecutable.windowless(os, property.apply("java.home")), properties,
                List.of("-jar", property.apply("java.class.path")));
    }
}

// The java program of the running JVM, by its name on each system, for the processes Portway starts with it (the
// server "portway up" starts, the agent's systemd unit, the app's login entry).
package dev.portway.agent.system;

import java.nio.file.Path;

public final class JavaExecutable {
    private JavaExecutable() {
    }

    /** This JVM's own java program. */
    public static Path current() {
        return of(Os.current(), Path.of(System.getProperty("java.home")));
    }

    /** bin/java under javaHome; bin\java.exe on Windows, named in full so nothing depends on a search for it. */
    public static Path of(Os os, Path javaHome) {
        return javaHome.resolve("bin").resolve(os == Os.WINDOWS ? "java.exe" : "java");
    }

    /**
     * The java program that opens no console window: javaw.exe on Windows (java.exe would keep one open for as long
     * as the program runs), java elsewhere. Text written with that system's separator, since the entry made with it
     * (a login entry) is read there, whatever made it.
     */
    public static String windowless(Os os, String javaHome) {
        return os == Os.WINDOWS ? javaHome + "\\bin\\javaw.exe" : javaHome + "/bin/java";
    }
}

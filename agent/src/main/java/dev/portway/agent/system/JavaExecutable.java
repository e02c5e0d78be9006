// The java program of the running JVM, by its name on each system, for the processes Portway starts with it (the
// server "portway up" starts, the agent's systemd unit).
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
}

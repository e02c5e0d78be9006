// The operating system families Portway knows the conventions of, chosen from os.name here and nowhere else.
package dev.portway.agent.system;

import java.util.Locale;

public enum Os {
    LINUX, MAC, WINDOWS;

    /** The system this JVM runs on. */
    public static Os current() {
        return fromName(System.getProperty("os.name", ""));
    }

    /**
     * The family of an os.name value ("Mac OS X", "Windows 11", "Linux"); every other Unix (FreeBSD, Solaris) follows
     * the Linux conventions (XDG folders, xdg-open), which is what their desktops do.
     */
    public static Os fromName(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        return os.startsWith("mac") || os.startsWith("darwin") ? MAC : os.startsWith("windows") ? WINDOWS : LINUX;
    }
}

// Why the app's JavaFX could not start when one of its libraries does not load. JavaFX says only "no glassgtk3 in
// java.library.path", having swallowed the system loader's reason (a C library too old, a missing system library, a
// file for another CPU): loading that library from the universal jar's unpacked folder again gives the reason in the
// system's own words. Found on Linux aarch64, whose JavaFX 21.0.11 libglassgtk3.so needs glibc 2.38 (Debian 12 has
// 2.36).
package dev.portway.desktop.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class NativeLoadDiagnosis {
    private static final Pattern NO_LIBRARY = Pattern.compile("no (\\S+) in java\\.library\\.path");

    private NativeLoadDiagnosis() {
    }

    /**
     * One line saying which library does not load and why, when the failure is a library JavaFX could not find in
     * folder (the unpacked natives); empty for any other failure, or when the library loads now.
     */
    public static Optional<String> explain(Throwable failure, Optional<Path> folder) {
        UnsatisfiedLinkError link = linkError(failure);
        if (link == null || folder.isEmpty()) {
            return Optional.empty();
        }
        Matcher named = NO_LIBRARY.matcher(String.valueOf(link.getMessage()));
        if (!named.find()) {
            return Optional.empty();
        }
        Path file = folder.get().resolve(System.mapLibraryName(named.group(1)));
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            System.load(file.toString());
            return Optional.empty();
        } catch (UnsatisfiedLinkError why) {
            return Optional.of("the app cannot open here: JavaFX's " + file.getFileName() + " does not load ("
                    + why.getMessage() + "); the command line works: portway --help");
        }
    }

    private static UnsatisfiedLinkError linkError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnsatisfiedLinkError link) {
                return link;
            }
        }
        return null;
    }
}

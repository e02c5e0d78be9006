// Makes files and folders owner-only where the file system has POSIX permissions.
package dev.portway.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

public final class FilePermissions {
    private FilePermissions() {
    }

    public static void ownerOnlyFile(Path file) throws IOException {
        set(file, "rw-------");
    }

    public static void ownerOnlyDir(Path dir) throws IOException {
        set(dir, "rwx------");
    }

    private static void set(Path path, String perms) throws IOException {
        if (Files.getFileAttributeView(path, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(perms));
        }
    }
}

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

    /**
     * Replaces the file with the content in one step, owner-only from its first byte: a temp file made owner-only
     * first, then moved over the old one (its folder is made owner-only too when it is created).
     */
    public static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            ownerOnlyDir(dir);
        }
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            ownerOnlyFile(tmp);
            Files.write(tmp, content);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void set(Path path, String perms) throws IOException {
        if (Files.getFileAttributeView(path, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(perms));
        }
    }
}

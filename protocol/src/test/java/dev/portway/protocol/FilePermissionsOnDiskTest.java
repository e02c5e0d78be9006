// Owner-only files and folders on the real disk of the system the test runs on: POSIX bits on Linux and macOS, an ACL
// on Windows (NTFS); each OS's CI job runs its own twin, and only the Linux one runs here.
package dev.portway.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class FilePermissionsOnDiskTest {
    private static final byte[] SECRET = "{\"token\":\"t\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void onUnixTheFileAndFoldersAreReadAndWrittenByTheOwnerAlone() throws IOException {
        // A new folder and file, and an existing folder and file made readable by everyone first.
        Path file = dir.resolve("Portway/settings.json");
        FilePermissions.writeOwnerOnly(file, SECRET);
        Path old = Files.createDirectory(dir.resolve("old"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path oldFile = Files.writeString(old.resolve("known_servers"), "x");
        Files.setPosixFilePermissions(oldFile, PosixFilePermissions.fromString("rw-r--r--"));

        FilePermissions.ownerOnlyDir(old);
        FilePermissions.ownerOnlyFile(oldFile);

        assertEquals("rw-------", posix(file));
        assertEquals("rwx------", posix(file.getParent()));
        assertEquals("rwx------", posix(old));
        assertEquals("rw-------", posix(oldFile));
        assertArrayEquals(SECRET, Files.readAllBytes(file));
    }

    @Test
    @EnabledOnOs(OS.WINDOWS)
    void onWindowsTheFileAndFoldersAllowTheirOwnerAloneAndNothingInherited() throws IOException {
        // The temp folder passes its ACL (the user, SYSTEM, Administrators) on to what it holds, unless replaced.
        Path file = dir.resolve("Portway\\settings.json");
        FilePermissions.writeOwnerOnly(file, SECRET);
        Path old = Files.createDirectory(dir.resolve("old"));
        Path oldFile = Files.writeString(old.resolve("known_servers"), "x");
        List<AclEntry> inherited = acl(oldFile);
        assertTrue(inherited.size() > 1, () -> "the inherited ACL: " + inherited);

        FilePermissions.ownerOnlyDir(old);
        FilePermissions.ownerOnlyFile(oldFile);

        for (Path path : List.of(file, file.getParent(), old, oldFile)) {
            assertOwnerOnly(path);
        }
        assertArrayEquals(SECRET, Files.readAllBytes(file));
    }

    private static String posix(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static List<AclEntry> acl(Path path) throws IOException {
        return Files.getFileAttributeView(path, AclFileAttributeView.class).getAcl();
    }

    /**
     * One entry, allowing this user or the path's owner (which is the Administrators group for what an elevated
     * administrator creates, as on CI runners): no other user, no group such as Users or Everyone.
     */
    private static void assertOwnerOnly(Path path) throws IOException {
        List<AclEntry> acl = acl(path);
        assertEquals(1, acl.size(), () -> path + ": " + acl);
        assertEquals(AclEntryType.ALLOW, acl.get(0).type(), () -> path + ": " + acl);
        UserPrincipal me = path.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        UserPrincipal owner = Files.getOwner(path);
        assertTrue(List.of(me, owner).contains(acl.get(0).principal()),
                () -> path + ": " + acl + "; this user " + me + ", the owner " + owner);
    }
}

// Owner-only files on a Windows-like file system (ACLs, no POSIX permissions) and on a Unix one, both in memory.
package dev.portway.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilePermissionsTest {
    /** What a new file under a user's profile inherits in some setups: read access for every local user. */
    private static final AclEntry INHERITED = AclEntry.newBuilder().setType(AclEntryType.ALLOW)
            .setPrincipal(() -> "Everyone").setPermissions(EnumSet.of(AclEntryPermission.READ_DATA)).build();

    private static FileSystem windows() {
        return Jimfs.newFileSystem(Configuration.windows().toBuilder().setAttributeViews("basic", "owner", "acl")
                .setDefaultAttributeValue("acl:acl", List.of(INHERITED)).build());
    }

    private static List<AclEntry> acl(Path path) throws IOException {
        return Files.getFileAttributeView(path, AclFileAttributeView.class).getAcl();
    }

    @Test
    void onWindowsAWrittenFileAllowsThisUserAloneAndNothingInherited() throws IOException {
        try (FileSystem fs = windows()) {
            Path file = fs.getPath("C:\\Users\\me\\AppData\\Roaming\\Portway\\settings.json");
            FilePermissions.writeOwnerOnly(file, "{\"token\":\"t\"}".getBytes(StandardCharsets.UTF_8));

            UserPrincipal me = fs.getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
            // Given to the temp file before any byte (at creation on Windows; Jimfs takes it just after), never
            // changed afterwards.
            assertEquals(List.of(FilePermissions.ownerEntry(me, false)), acl(file));
            Path dir = file.getParent();
            assertEquals(List.of(FilePermissions.ownerEntry(Files.getOwner(dir), true)), acl(dir));
            assertArrayEquals("{\"token\":\"t\"}".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(file));
            try (var left = Files.list(dir)) {
                assertEquals(List.of(file), left.toList());
            }
        }
    }

    @Test
    void onWindowsAnExistingFileAndFolderLoseWhatTheyInherited() throws IOException {
        try (FileSystem fs = windows()) {
            Path dir = Files.createDirectories(fs.getPath("C:\\data"));
            Path file = Files.writeString(dir.resolve("known_servers"), "x");
            assertEquals(List.of(INHERITED), acl(file));

            FilePermissions.ownerOnlyFile(file);
            FilePermissions.ownerOnlyDir(dir);

            assertEquals(List.of(FilePermissions.ownerEntry(Files.getOwner(file), false)), acl(file));
            assertEquals(List.of(FilePermissions.ownerEntry(Files.getOwner(dir), true)), acl(dir));
        }
    }

    @Test
    void onUnixAWrittenFileIsOwnerOnlyFromItsCreation() throws IOException {
        // Jimfs makes files rw-r--r-- by default: only the permissions given at creation make this one owner-only.
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix").build())) {
            Path file = fs.getPath("/home/me/.config/portway/settings.json");
            FilePermissions.writeOwnerOnly(file, new byte[] {1, 2});

            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
            assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(file));
        }
    }
}

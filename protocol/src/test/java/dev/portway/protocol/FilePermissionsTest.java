// Owner-only files on a Windows-like file system (ACLs, no POSIX permissions) and on a Unix one, both in memory: one
// user for new and existing files, and nothing done on a volume without ACLs.
package dev.portway.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Map;
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

    /** Who the public methods give files to here (user.name on Linux; DOMAIN\\user where Windows sets those). */
    private static UserPrincipal thisUser(Path near) throws IOException {
        return new FilePermissions(System.getenv(), FilePermissions.VOLUME)
                .currentUser(near, Files.getFileAttributeView(near, AclFileAttributeView.class));
    }

    @Test
    void onWindowsAWrittenFileAllowsThisUserAloneAndNothingInherited() throws IOException {
        try (FileSystem fs = windows()) {
            Path file = fs.getPath("C:\\Users\\me\\AppData\\Roaming\\Portway\\settings.json");
            FilePermissions.writeOwnerOnly(file, "{\"token\":\"t\"}".getBytes(StandardCharsets.UTF_8));

            UserPrincipal me = thisUser(file.getParent());
            // Given to the temp file before any byte (at creation on Windows; Jimfs takes it just after), never
            // changed afterwards.
            assertEquals(List.of(FilePermissions.ownerEntry(me, false)), acl(file));
            Path dir = file.getParent();
            assertEquals(List.of(FilePermissions.ownerEntry(me, true)), acl(dir));
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

            UserPrincipal me = thisUser(dir);
            assertEquals(List.of(FilePermissions.ownerEntry(me, false)), acl(file));
            assertEquals(List.of(FilePermissions.ownerEntry(me, true)), acl(dir));
        }
    }

    @Test
    void onWindowsNewAndExistingFilesAllowTheSameUserTheDomainAndNameInTheEnvironment() throws IOException {
        FilePermissions perms = new FilePermissions(Map.of("USERDOMAIN", "CORP", "USERNAME", "ann"),
                FilePermissions.VOLUME);
        try (FileSystem fs = windows()) {
            UserPrincipal ann = fs.getUserPrincipalLookupService().lookupPrincipalByName("CORP\\ann");
            Path dir = Files.createDirectories(fs.getPath("C:\\data"));
            // Created by an elevated run, say: owned by someone else than the user who runs Portway now.
            Path existing = Files.writeString(dir.resolve("known_servers"), "x");
            Files.setOwner(existing, fs.getUserPrincipalLookupService().lookupPrincipalByName("Administrators"));

            perms.restrict(existing, false);
            perms.restrict(dir, true);
            Path written = dir.resolve("settings.json");
            perms.write(written, new byte[] {1});

            assertEquals(List.of(FilePermissions.ownerEntry(ann, false)), acl(existing));
            assertEquals(List.of(FilePermissions.ownerEntry(ann, false)), acl(written));
            assertEquals(List.of(FilePermissions.ownerEntry(ann, true)), acl(dir));
        }
    }

    @Test
    void aMachineAccountInTheEnvironmentOrNoDomainFallsBackToTheUserName() throws IOException {
        try (FileSystem fs = windows()) {
            UserPrincipal me = fs.getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
            Path file = Files.writeString(Files.createDirectories(fs.getPath("C:\\data")).resolve("f"), "x");
            for (Map<String, String> env : List.of(Map.of("USERDOMAIN", "CORP", "USERNAME", "HOST$"),
                    Map.of("USERNAME", "ann"), Map.<String, String>of())) {
                new FilePermissions(env, FilePermissions.VOLUME).restrict(file, false);
                assertEquals(List.of(FilePermissions.ownerEntry(me, false)), acl(file), env::toString);
            }
        }
    }

    @Test
    void onAVolumeWithoutAclsFilesAreLeftAsTheyAre() throws IOException {
        // Windows gives an ACL view on FAT and exFAT too, where setting one fails: the volume says it keeps none.
        FilePermissions perms = new FilePermissions(Map.of(), path -> false);
        try (FileSystem fs = windows()) {
            Path dir = Files.createDirectories(fs.getPath("C:\\usb\\portway"));
            Path existing = Files.writeString(dir.resolve("server.db"), "x");

            perms.restrict(existing, false);
            perms.restrict(dir, true);
            Path written = dir.resolve("settings.json");
            perms.write(written, new byte[] {1, 2});

            assertEquals(List.of(INHERITED), acl(existing));
            assertEquals(List.of(INHERITED), acl(dir));
            assertEquals(List.of(INHERITED), acl(written));
            assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(written));
        }
    }

    @Test
    void theVolumeSaysWhetherItKeepsAcls() throws IOException {
        try (FileSystem acls = windows(); FileSystem none = Jimfs.newFileSystem(Configuration.windows().toBuilder()
                .setAttributeViews("basic", "owner", "dos").build())) {
            assertTrue(FilePermissions.VOLUME.keepsAcls(acls.getPath("C:\\")));
            assertFalse(FilePermissions.VOLUME.keepsAcls(none.getPath("C:\\")));
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

// Makes files and folders owner-only on every OS: POSIX permissions where the file system has them (Linux, macOS),
// otherwise an ACL that allows the owner alone (NTFS on Windows, whose inherited ACL may let other local users read).
package dev.portway.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.EnumSet;
import java.util.List;

public final class FilePermissions {
    private static final String FILE = "rw-------";
    private static final String DIR = "rwx------";
    private static final String ACL = "acl:acl";

    private FilePermissions() {
    }

    public static void ownerOnlyFile(Path file) throws IOException {
        restrict(file, false);
    }

    public static void ownerOnlyDir(Path dir) throws IOException {
        restrict(dir, true);
    }

    /**
     * Replaces the file with the content in one step, owner-only from its first byte: a temp file created owner-only
     * (the permissions or the ACL given at creation, so no other user can open it in between), then moved over the
     * old one (its folder is made owner-only too when it is created).
     */
    public static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            ownerOnlyDir(dir);
        }
        Path tmp = createOwnerOnly(dir, "." + file.getFileName());
        try {
            Files.write(tmp, content);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Path createOwnerOnly(Path dir, String prefix) throws IOException {
        FileAttribute<?>[] ownerOnly = ownerOnlyAtCreation(dir);
        Path tmp;
        boolean given;
        try {
            tmp = Files.createTempFile(dir, prefix, ".tmp", ownerOnly);
            given = true;
        } catch (UnsupportedOperationException e) {
            // A file system that takes the attribute only on an existing file (Jimfs with ACLs): still before any byte.
            tmp = Files.createTempFile(dir, prefix, ".tmp");
            given = false;
        }
        for (FileAttribute<?> attribute : ownerOnly) {
            // Windows merges the ACEs the folder passes on into an ACL given at creation: set again, it stands alone.
            if (!given || attribute.name().equals(ACL)) {
                Files.setAttribute(tmp, attribute.name(), attribute.value());
            }
        }
        return tmp;
    }

    /** The one ACL entry an owner-only file or folder has: full control, inherited by what a folder holds. */
    static AclEntry ownerEntry(UserPrincipal owner, boolean dir) {
        return AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(owner)
                .setPermissions(EnumSet.allOf(AclEntryPermission.class))
                .setFlags(dir ? EnumSet.of(AclEntryFlag.FILE_INHERIT, AclEntryFlag.DIRECTORY_INHERIT)
                        : EnumSet.noneOf(AclEntryFlag.class))
                .build();
    }

    private static void restrict(Path path, boolean dir) throws IOException {
        if (Files.getFileAttributeView(path, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(dir ? DIR : FILE));
            return;
        }
        AclFileAttributeView acl = Files.getFileAttributeView(path, AclFileAttributeView.class);
        if (acl != null) {
            // Replacing the whole list drops what the file inherited from its folder.
            acl.setAcl(List.of(ownerEntry(acl.getOwner(), dir)));
        }
    }

    /**
     * The attribute that makes a new file in the folder owner-only as it is created: POSIX permissions, or an ACL
     * for this user (the file has no owner to ask yet); none where the file system has neither.
     */
    private static FileAttribute<?>[] ownerOnlyAtCreation(Path dir) throws IOException {
        if (Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(FILE))};
        }
        AclFileAttributeView acl = Files.getFileAttributeView(dir, AclFileAttributeView.class);
        if (acl == null) {
            return new FileAttribute<?>[0];
        }
        List<AclEntry> entries = List.of(ownerEntry(currentUser(dir, acl), false));
        return new FileAttribute<?>[] {new FileAttribute<List<AclEntry>>() {
            @Override
            public String name() {
                return ACL;
            }

            @Override
            public List<AclEntry> value() {
                return entries;
            }
        }};
    }

    /** This process's user by name, or the folder's owner where the name does not resolve (e.g. a renamed account). */
    private static UserPrincipal currentUser(Path dir, AclFileAttributeView acl) throws IOException {
        try {
            return dir.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
        } catch (UserPrincipalNotFoundException | UnsupportedOperationException e) {
            return acl.getOwner();
        }
    }
}

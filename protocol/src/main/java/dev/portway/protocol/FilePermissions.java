// Makes files and folders owner-only on every OS: POSIX permissions where the file system has them (Linux, macOS),
// otherwise an ACL that allows this user alone (NTFS on Windows, whose inherited ACL may let other local users read);
// nothing on a volume with neither (FAT, exFAT).
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
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

public final class FilePermissions {
    private static final String FILE = "rw-------";
    private static final String DIR = "rwx------";
    private static final String ACL = "acl:acl";
    /** The volume's own answer: on Windows its persistent-ACLs flag. */
    static final AclStore VOLUME = path -> Files.getFileStore(path)
            .supportsFileAttributeView(AclFileAttributeView.class);
    private static final FilePermissions SYSTEM = new FilePermissions(System.getenv(), VOLUME);

    /** Whether the volume keeps ACLs (Windows: NTFS does, FAT and exFAT, a USB stick's, do not). */
    interface AclStore {
        boolean keepsAcls(Path path) throws IOException;
    }

    private final Map<String, String> env;
    private final AclStore store;

    /** env: the environment, whose USERDOMAIN and USERNAME name this user on Windows (tests pass their own). */
    FilePermissions(Map<String, String> env, AclStore store) {
        this.env = env;
        this.store = store;
    }

    public static void ownerOnlyFile(Path file) throws IOException {
        SYSTEM.restrict(file, false);
    }

    public static void ownerOnlyDir(Path dir) throws IOException {
        SYSTEM.restrict(dir, true);
    }

    /**
     * Replaces the file with the content in one step, owner-only from its first byte: a temp file created owner-only
     * (the permissions or the ACL given at creation, so no other user can open it in between), then moved over the
     * old one (its folder is made owner-only too when it is created).
     */
    public static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        SYSTEM.write(file, content);
    }

    void write(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            restrict(dir, true);
        }
        Path tmp = createOwnerOnly(dir, "." + file.getFileName());
        try {
            Files.write(tmp, content);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private Path createOwnerOnly(Path dir, String prefix) throws IOException {
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

    void restrict(Path path, boolean dir) throws IOException {
        if (Files.getFileAttributeView(path, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(dir ? DIR : FILE));
            return;
        }
        AclFileAttributeView acl = aclView(path);
        if (acl != null) {
            // Replacing the whole list drops what the file inherited from its folder.
            acl.setAcl(List.of(ownerEntry(currentUser(path, acl), dir)));
        }
    }

    /**
     * The ACL view where the volume keeps ACLs; none elsewhere. Windows gives the view on every volume, but on FAT or
     * exFAT (no ACLs, nor owners: getOwner fails) it cannot set one, and there is no other user to keep out.
     */
    private AclFileAttributeView aclView(Path path) throws IOException {
        AclFileAttributeView acl = Files.getFileAttributeView(path, AclFileAttributeView.class);
        return acl != null && store.keepsAcls(path) ? acl : null;
    }

    /**
     * The attribute that makes a new file in the folder owner-only as it is created: POSIX permissions, or an ACL
     * for this user (the file has no owner to ask yet); none where the file system has neither.
     */
    private FileAttribute<?>[] ownerOnlyAtCreation(Path dir) throws IOException {
        if (Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(FILE))};
        }
        AclFileAttributeView acl = aclView(dir);
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

    /**
     * The one user new and existing files are given to: this account, by the name Windows gives it in the
     * environment (DOMAIN\\user). Not the file's owner: a file an elevated run created is owned by Administrators,
     * which a later, normal run of the same user does not act as, so it would be locked out; not a new file's owner
     * for the same reason (an elevated token's default owner is Administrators). Not the bare user name: on a domain
     * machine it may find a local account of the same name first. A machine account (HOST$, what LocalSystem's
     * environment names) does not name the local service account, so user.name (the account's own name, SYSTEM) is
     * looked up instead, as where USERDOMAIN is unset; the path's owner where no name resolves.
     */
    UserPrincipal currentUser(Path path, AclFileAttributeView acl) throws IOException {
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        String domain = env.get("USERDOMAIN");
        String user = env.get("USERNAME");
        List<String> names = new ArrayList<>();
        if (domain != null && !domain.isBlank() && user != null && !user.isBlank() && !user.endsWith("$")) {
            names.add(domain + "\\" + user);
        }
        names.add(System.getProperty("user.name"));
        for (String name : names) {
            try {
                return users.lookupPrincipalByName(name);
            } catch (UserPrincipalNotFoundException | UnsupportedOperationException e) {
                // The next name, or the owner.
            }
        }
        return acl.getOwner();
    }
}

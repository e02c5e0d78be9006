// Saved sets of exchanges, to replay again after a change: each a HAR file with the raw values (credentials and
// all, since they are sent again) in the directory the caller names, owner-only (0600 files in a 0700 directory),
// bounded in number and size, written whole or not at all.
package dev.portway.agent.engine.inspect;

import dev.portway.agent.engine.Exchange;
import dev.portway.agent.system.Os;
import dev.portway.protocol.FilePermissions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

public final class SavedSets {
    /** Enough for a person's named checks; each is a file read whole to replay it. */
    public static final int MAX_SETS = 100;
    /** The log keeps 500 exchanges: a set can hold all of them. */
    public static final int MAX_EXCHANGES = 500;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");
    /**
     * Windows' device names: a file named so, whatever follows a dot, is the device (CON waits for typing). Microsoft
     * reserves COM0-9 and LPT0-9; their superscript forms (COM¹...) never get here, NAME allows ASCII alone.
     */
    private static final Pattern DEVICE = Pattern.compile("(?i)(con|prn|aux|nul|com[0-9]|lpt[0-9])(\\..*)?");
    private static final String SUFFIX = ".har";
    /** Each entry's first key as Har.write lays it out; inside a JSON string a quote is escaped, a newline too. */
    private static final Pattern ENTRY = Pattern.compile("^\\s*\"startedDateTime\" : ");

    /** A saved set as listed. */
    public record Info(String name, int count, Instant saved) {
    }

    /** A saved set read back: its exchanges oldest first, with ids 0. */
    public record Saved(Info info, List<Exchange> exchanges) {
    }

    /** Why a set cannot be saved, read or deleted; code is the API's error code. */
    public static final class Refused extends RuntimeException {
        private final String code;

        Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Path dir;
    private final Os os;
    /** Each file's count as last seen, while its time and size stay: a listing reads no file twice. */
    private final Map<Path, Counted> counted = new HashMap<>();

    private record Counted(FileTime modified, long size, int count) {
    }

    public SavedSets(Path dir) {
        this(dir, Os.current());
    }

    /** os: whose file names to keep to (Windows has device names no file may take). */
    SavedSets(Path dir, Os os) {
        this.dir = dir;
        this.os = os;
    }

    /** By name. */
    public synchronized List<Info> list() {
        List<Info> all = new ArrayList<>();
        List<Path> files = files();
        for (Path file : files) {
            info(file).ifPresent(all::add);
        }
        counted.keySet().retainAll(files); // deleted sets are forgotten
        all.sort(Comparator.comparing(Info::name));
        return all;
    }

    /**
     * Saves the exchanges (ended ones: a pending one has no answer to compare with) as NAME.har, replacing a set of
     * that name. Refused: bad_name, too_many_sets, too_many_exchanges, not_replayable.
     */
    public synchronized Info save(String name, List<Exchange> exchanges) {
        checkName(name);
        if (exchanges.isEmpty() || exchanges.size() > MAX_EXCHANGES) {
            throw new Refused("too_many_exchanges", "a set holds 1 to " + MAX_EXCHANGES + " exchanges, not "
                    + exchanges.size());
        }
        for (Exchange e : exchanges) {
            if (e.state() == Exchange.State.PENDING) {
                throw new Refused("not_replayable", "exchange " + e.id() + " has no answer yet");
            }
            if (!e.requestBody().whole()) {
                throw new Refused("not_replayable", "exchange " + e.id() + "'s request body was cut at "
                        + e.requestBody().captured().length + " bytes: it cannot be sent again");
            }
        }
        Path file = dir.resolve(name + SUFFIX);
        Optional<String> cased = otherCase(name, file);
        if (cased.isPresent()) {
            throw new Refused("bad_name", "the set \"" + cased.get() + "\" is the same file on this system, which "
                    + "ignores case in file names: choose another name, or that one");
        }
        if (!Files.exists(file) && files().size() >= MAX_SETS) {
            throw new Refused("too_many_sets", "at most " + MAX_SETS + " sets are saved; delete one first");
        }
        try {
            ownerOnlyDir();
            FilePermissions.writeOwnerOnly(file, Har.write(exchanges, false).getBytes(StandardCharsets.UTF_8));
            return new Info(name, exchanges.size(), Files.getLastModifiedTime(file).toInstant());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the set in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The set, read back (HarReader: no Jackson); empty when there is none of that name. Refused: bad_name. */
    public synchronized Optional<Saved> read(String name) {
        checkName(name);
        Path file = dir.resolve(name + SUFFIX);
        try {
            Instant saved = Files.getLastModifiedTime(file).toInstant();
            List<Exchange> exchanges = HarReader.read(Files.readString(file));
            return Optional.of(new Saved(new Info(name, exchanges.size(), saved), exchanges));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the set " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether there was a set of that name. Refused: bad_name. */
    public synchronized boolean delete(String name) {
        checkName(name);
        try {
            return Files.deleteIfExists(dir.resolve(name + SUFFIX));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the set " + name + ": " + e.getMessage(), e);
        }
    }

    private static int count(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int count = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (ENTRY.matcher(line).find()) {
                    count++;
                }
            }
            return count;
        }
    }

    /** Names: 1 to 64 of A-Z a-z 0-9 . _ -, not starting with a dot (no hidden files, no "..", no path). */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    private void checkName(String name) {
        if (!validName(name)) {
            throw new Refused("bad_name", "a set's name is 1 to 64 of A-Z a-z 0-9 . _ - and does not start with a"
                    + " dot");
        }
        if (os == Os.WINDOWS && DEVICE.matcher(name).matches()) {
            throw new Refused("bad_name", "\"" + name + "\" names a device on Windows: choose another name");
        }
    }

    /**
     * The listed set whose file this name opens though its name differs in case (macOS and Windows ignore case in file
     * names, so saving would replace it under the other name); empty where case tells files apart.
     */
    private Optional<String> otherCase(String name, Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        List<String> names = files().stream().map(SavedSets::setName).toList();
        return names.contains(name) ? Optional.empty()
                : names.stream().filter(n -> n.equalsIgnoreCase(name)).findFirst();
    }

    private static String setName(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - SUFFIX.length());
    }

    private void ownerOnlyDir() throws IOException {
        Files.createDirectories(dir);
        FilePermissions.ownerOnlyDir(dir);
    }

    private List<Path> files() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : all) {
                String file = p.getFileName().toString();
                if (validName(file.substring(0, file.length() - SUFFIX.length())) && Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the sets in " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Counted without reading the whole HAR into memory: one line per entry. Empty when it went meanwhile. */
    private Optional<Info> info(Path file) {
        String name = setName(file);
        try {
            BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class);
            Counted known = counted.get(file);
            if (known == null || !known.modified().equals(now.lastModifiedTime()) || known.size() != now.size()) {
                known = new Counted(now.lastModifiedTime(), now.size(), count(file));
                counted.put(file, known);
            }
            return Optional.of(new Info(name, known.count(), now.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the set " + file + ": " + e.getMessage(), e);
        }
    }
}

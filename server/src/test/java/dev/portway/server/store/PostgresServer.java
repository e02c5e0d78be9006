// A throwaway PostgreSQL cluster for tests: Debian's postgresql package, initdb'd into a temporary directory, trust
// authentication on a free loopback port; one per JVM, stopped when the JVM ends, a new database per caller.
package dev.portway.server.store;

import dev.portway.server.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

public final class PostgresServer {
    private static final Path INSTALLS = Path.of("/usr/lib/postgresql");
    /** The superuser initdb creates; trust authentication lets it in without a password, on loopback only. */
    public static final String USER = "postgres";
    private static PostgresServer running;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** The JVM's cluster, started on first use. Fails (never skips) when PostgreSQL is not installed. */
    public static synchronized PostgresServer get() {
        if (running == null) {
            try {
                running = start();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("cannot start PostgreSQL for the tests: " + e.getMessage(), e);
            }
            PostgresServer server = running;
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "postgres-test-stop"));
        }
        return running;
    }

    /**
     * A cluster of the caller's own, which it may stop or freeze without touching the JVM's shared one; the caller
     * stops it (close).
     */
    public static PostgresServer startOwn() {
        try {
            return start();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot start PostgreSQL for the tests: " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    /**
     * Freezes (SIGSTOP) or thaws (SIGCONT) the postmaster and every backend: a database that accepts connections
     * and answers nothing, the nastiest way for one to be down.
     */
    public void freeze(boolean frozen) throws IOException, InterruptedException {
        long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("data/postmaster.pid")).get(0).strip());
        String signal = frozen ? "-STOP" : "-CONT";
        if (!signal(signal, List.of(postmaster))) {
            throw new IOException("kill " + signal + " " + postmaster + " failed");
        }
        // The postmaster first: stopped, it forks no more backends. One it forked just then (a pool filling up) is
        // found by looking again, until a look finds nobody new.
        Set<Long> signalled = new HashSet<>();
        for (int look = 0; look < 20; look++) {
            List<Long> backends = ProcessHandle.of(postmaster).stream().flatMap(ProcessHandle::descendants)
                    .map(ProcessHandle::pid).filter(pid -> !signalled.contains(pid)).toList();
            if (backends.isEmpty()) {
                return;
            }
            signal(signal, backends); // a backend that ended meanwhile fails its kill, and needs none
            signalled.addAll(backends);
        }
        throw new IOException("the backends of " + postmaster + " kept changing");
    }

    private static boolean signal(String signal, List<Long> pids) throws IOException, InterruptedException {
        List<String> kill = new ArrayList<>(List.of("kill", signal));
        pids.forEach(pid -> kill.add(Long.toString(pid)));
        Process p = new ProcessBuilder(kill).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", kill) + " did not return");
        }
        return p.exitValue() == 0;
    }

    /** A new, empty database, and where a store finds it. */
    public StoreLocation newDatabase() {
        return location(createDatabase());
    }

    /** Creates a new, empty database; returns its name. */
    public String createDatabase() {
        String name = "portway_test_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, null);
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return name;
    }

    public StoreLocation location(String database) {
        return StoreLocation.postgres("127.0.0.1", port, database, USER, null);
    }

    /** The database as --store names it. */
    public String storeUrl(String database) {
        return "postgres://127.0.0.1:" + port + "/" + database;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static PostgresServer start() throws IOException, InterruptedException {
        Path bin = installedBin();
        Path dir = Files.createTempDirectory("portway-pg");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            // initdb and postgres refuse to run as root: the cluster belongs to the postgres account.
            UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
            Files.setOwner(dir, owner);
        }
        int port = TestServers.freeRange(1);
        Path data = dir.resolve("data");
        run(root, dir, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "trust",
                "-E", "UTF8", "--locale=C", "--no-sync");
        // Durability is of no use to a cluster that lives as long as the tests: fsync off makes it fast.
        run(root, dir, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir
                        + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start");
        return new PostgresServer(bin, dir, port);
    }

    /** The newest installed major version's programs. */
    private static Path installedBin() {
        if (Files.isDirectory(INSTALLS)) {
            try (Stream<Path> versions = Files.list(INSTALLS)) {
                List<Path> found = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .sorted(Comparator.comparing(b -> b.getParent().getFileName().toString(),
                                Comparator.comparingInt(v -> v.matches("\\d+") ? Integer.parseInt(v) : 0)))
                        .toList();
                if (!found.isEmpty()) {
                    return found.get(found.size() - 1);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot look into " + INSTALLS + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalStateException("PostgreSQL is not installed (no " + INSTALLS + "/*/bin/initdb); the store"
                + " tests need it: apt-get install postgresql (as .ci/run does)");
    }

    private static void run(boolean root, Path dir, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        if (root) {
            line.addAll(List.of("runuser", "-u", USER, "--"));
        }
        line.addAll(List.of(command));
        Path out = Files.createTempFile("portway-pg-cmd", ".txt");
        try {
            Process p = new ProcessBuilder(line).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", line) + " did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", line) + " failed (" + p.exitValue() + "): "
                        + Files.readString(out, StandardCharsets.UTF_8) + tail(dir.resolve("log")));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String tail(Path log) throws IOException {
        return Files.exists(log) ? "\n" + Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** Stops the cluster at once (connections refused from here on) and removes its files; once is enough. */
    public synchronized void stop() {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            run("root".equals(System.getProperty("user.name")), dir, bin.resolve("pg_ctl").toString(), "-D",
                    dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("could not stop the tests' PostgreSQL in " + dir + ": " + e.getMessage());
        }
    }
}

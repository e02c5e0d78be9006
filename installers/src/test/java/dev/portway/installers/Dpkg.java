// dpkg on this machine, for the tests that install a package for real: as root (CI runs as root), waiting out another
// dpkg or apt that holds the lock, and cleaning up after a package whose scripts fail.
package dev.portway.installers;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

public final class Dpkg {
    /** How long another dpkg or apt (an upgrade, a parallel build's apt-get) may hold the lock before a test fails. */
    private static final Duration LOCK_WAIT = Duration.ofMinutes(3);

    private Dpkg() {
    }

    public record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n" + out + err;
        }
    }

    /** Installing and removing packages needs root: CI runs the build as root, and this says so where it does not. */
    public static void assumeRoot() throws Exception {
        assumeTrue(run(List.of("id", "-u"), Map.of()).out().strip().equals("0"),
                "this test installs a package with dpkg and needs root (CI runs as root)");
    }

    /** Runs a program to its end (two minutes at most) with extra environment variables. */
    public static Result run(List<String> cmd, Map<String, String> env) throws Exception {
        return run(cmd, env, Duration.ofMinutes(2));
    }

    private static Result run(List<String> cmd, Map<String, String> env, Duration limit) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("still running after " + limit + ": " + cmd);
        }
        return new Result(p.exitValue(), out, err.get());
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** dpkg with these arguments, run again while another process (apt, another dpkg) holds its lock. */
    public static Result dpkg(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("dpkg"));
        cmd.addAll(List.of(args));
        AtomicReference<Result> last = new AtomicReference<>();
        try {
            await().atMost(LOCK_WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Result r = run(cmd, Map.of("DEBIAN_FRONTEND", "noninteractive"));
                last.set(r);
                return !(r.code() == 2 && r.err().contains("lock"));
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("dpkg's lock stayed taken for " + LOCK_WAIT + ": " + last.get(), e);
        }
        return last.get();
    }

    /**
     * apt-get with these arguments, never asking, waiting out another apt or dpkg on the lock (apt itself waits). It
     * may fetch a dependency from the Debian mirror, hence the longer limit.
     */
    public static Result aptGet(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("apt-get", "-o", "DPkg::Lock::Timeout=" + LOCK_WAIT.toSeconds()));
        cmd.addAll(List.of(args));
        return run(cmd, Map.of("DEBIAN_FRONTEND", "noninteractive"), LOCK_WAIT.plusMinutes(5));
    }

    /** The packages dpkg knows of (in any state). */
    public static Set<String> known() throws Exception {
        Result r = run(List.of("dpkg-query", "-W", "-f=${Package}\\n"), Map.of());
        return new TreeSet<>(r.out().lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    }

    /** dpkg's status of a package: "install ok installed", "deinstall ok config-files", or "" when it is unknown. */
    public static String status(String pkg) throws Exception {
        Result r = run(List.of("dpkg-query", "-W", "-f=${Status}", pkg), Map.of());
        return r.code() == 0 ? r.out().strip() : "";
    }

    /**
     * Purges a package if dpkg knows it, whatever state an earlier, failed run left it in. A maintainer script that
     * fails (as the old app package's did) would block the purge for good, so then, and only then, its scripts are
     * replaced by empty ones: this is a test machine being cleaned up, and the files dpkg lists still go.
     */
    public static void purge(String pkg) throws Exception {
        if (status(pkg).isEmpty()) {
            return;
        }
        Result first = dpkg("--purge", pkg);
        if (first.code() == 0 && status(pkg).isEmpty()) {
            return;
        }
        for (String script : List.of("prerm", "postrm")) {
            Path file = Path.of("/var/lib/dpkg/info", pkg + "." + script);
            if (Files.exists(file)) {
                Files.writeString(file, "#!/bin/sh\nexit 0\n");
            }
        }
        Result second = dpkg("--purge", pkg);
        if (second.code() != 0 || !status(pkg).isEmpty()) {
            throw new AssertionError("could not purge " + pkg + ": " + first + "\nthen: " + second);
        }
    }
}

// The DNS hook runs real scripts: its arguments as lego's exec provider passes them, a failure carrying the script's
// last stderr line, a deadline that kills the script and what it started, and one run at a time per name.
package dev.portway.server.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnsHookTest {
    private static final String FQDN = "_acme-challenge.example.org.";
    private static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    Path dir;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(20, TimeUnit.SECONDS));
    }

    private Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private DnsHook hook(String command, Duration timeout) {
        HookCommand c = HookCommand.parse(command);
        c.checkRunnable();
        return new DnsHook(c, timeout);
    }

    @Test
    void presentThenCleanupGetTheActionTheFqdnAndTheValue() throws Exception {
        Path calls = dir.resolve("calls");
        Path s = script("hook.sh", "echo \"$# $*\" >> '" + calls + "'\necho 'record added'\n");
        DnsHook hook = hook("'" + s + "' --zone example.org", DnsHook.DEFAULT_TIMEOUT);
        String digest = "LHDhK3oGRvkiefQnx7OOczTY5Tic_xZ6HcMOc_gmtoM";
        hook.present(FQDN, digest);
        hook.cleanup(FQDN, digest);
        assertEquals(List.of("5 --zone example.org present _acme-challenge.example.org. " + digest,
                "5 --zone example.org cleanup _acme-challenge.example.org. " + digest), Files.readAllLines(calls));
    }

    @Test
    void aShellOnlyWhenTheOperatorWritesOne() throws Exception {
        Path calls = dir.resolve("calls");
        DnsHook hook = hook("sh -c 'echo \"$1 $2 $3\" > \"$0\"' '" + calls + "'", DnsHook.DEFAULT_TIMEOUT);
        hook.present(FQDN, "v; rm -rf /");
        assertEquals(List.of("present _acme-challenge.example.org. v; rm -rf /"), Files.readAllLines(calls));
    }

    @Test
    void theScriptGetsTheServersEnvironmentButNotTheStorePassword() throws Exception {
        Path seen = dir.resolve("seen");
        Path s = script("env.sh", "echo \"token=${CF_TOKEN:-} password=${PORTWAY_STORE_PASSWORD:-none}\" > '"
                + seen + "'\n");
        new DnsHook(HookCommand.parse(s.toString()), DnsHook.DEFAULT_TIMEOUT, Map.of("CF_TOKEN", "t0ken",
                "PORTWAY_STORE_PASSWORD", "s3cret", "PATH", System.getenv("PATH"))).present(FQDN, "v");
        assertEquals(List.of("token=t0ken password=none"), Files.readAllLines(seen));
    }

    @Test
    void aFailingScriptFailsWithItsExitCodeAndLastStderrLine() throws Exception {
        Path s = script("hook.sh", "echo 'calling the DNS API'\necho 'request sent' >&2\n"
                + "echo 'zone example.org: authentication failed (403)' >&2\necho >&2\nexit 3\n");
        IOException e = assertThrows(IOException.class, () -> hook(s.toString(), DnsHook.DEFAULT_TIMEOUT)
                .present(FQDN, "v"));
        assertEquals("DNS hook present _acme-challenge.example.org. exited with 3: "
                + "zone example.org: authentication failed (403)", e.getMessage());
        Path quiet = script("quiet.sh", "echo 'only on stdout'\nexit 1\n");
        assertEquals("DNS hook cleanup _acme-challenge.example.org. exited with 1: only on stdout",
                assertThrows(IOException.class, () -> hook(quiet.toString(), DnsHook.DEFAULT_TIMEOUT)
                        .cleanup(FQDN, "v")).getMessage());
        Path silent = script("silent.sh", "exit 2\n");
        assertEquals("DNS hook present _acme-challenge.example.org. exited with 2 (no output)",
                assertThrows(IOException.class, () -> hook(silent.toString(), DnsHook.DEFAULT_TIMEOUT)
                        .present(FQDN, "v")).getMessage());
        assertTrue(assertThrows(IOException.class, () -> new DnsHook(HookCommand.parse("no-such-dns-hook-program"),
                DnsHook.DEFAULT_TIMEOUT).present(FQDN, "v")).getMessage()
                .startsWith("DNS hook present _acme-challenge.example.org.: cannot run no-such-dns-hook-program: "));
    }

    @Test
    void aScriptPastTheDeadlineIsKilledWithWhatItStarted() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        Path s = script("hang.sh", "sleep 600 &\necho $! > '" + pidFile + "'\n"
                + "echo 'waiting for the zone to be published' >&2\nwait\n");
        IOException e = assertThrows(IOException.class, () -> hook(s.toString(), Duration.ofMillis(1500))
                .present(FQDN, "v"));
        assertEquals("DNS hook present _acme-challenge.example.org. did not finish within 1.5 s and was killed: "
                + "waiting for the zone to be published", e.getMessage());
        long child = Long.parseLong(Files.readString(pidFile).strip());
        Awaitility.await("the script's child is killed too").atMost(WAIT)
                .until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void oneRunAtATimePerNameButNamesRunSideBySide() throws Exception {
        // Each run takes the name's directory as a lock (failing if it is held), then waits for the test's go.
        Path s = script("slow.sh", "d='" + dir + "'/$(echo \"$2\" | tr -d .)\n"
                + "mkdir \"$d\" || { echo \"overlapping run on $2\" >&2; exit 1; }\n"
                + "touch \"$d/$3\"\n"
                + "i=0; while [ ! -e '" + dir + "/go' ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done\n"
                + "rm -r \"$d\"\n");
        DnsHook hook = hook(s.toString(), DnsHook.DEFAULT_TIMEOUT);
        Path first = dir.resolve("_acme-challengeexampleorg");
        CompletableFuture<Void> a = run(() -> hook.present(FQDN, "one"));
        Awaitility.await("the first run holds the name").atMost(WAIT).until(() -> Files.exists(first.resolve("one")));
        Thread[] second = new Thread[1];
        CompletableFuture<Void> b = run(() -> {
            second[0] = Thread.currentThread();
            hook.present(FQDN, "two");
        });
        Awaitility.await("the second run on the same name waits for the first").atMost(WAIT)
                .until(() -> second[0] != null && second[0].getState() == Thread.State.WAITING);
        CompletableFuture<Void> other = run(() -> hook.present("_acme-challenge.example.net.", "three"));
        Awaitility.await("another name runs meanwhile").atMost(WAIT)
                .until(() -> Files.exists(dir.resolve("_acme-challengeexamplenet/three")));
        Files.createFile(dir.resolve("go"));
        a.get(20, TimeUnit.SECONDS);
        b.get(20, TimeUnit.SECONDS);
        other.get(20, TimeUnit.SECONDS);
    }

    private interface Run {
        void run() throws Exception;
    }

    private CompletableFuture<Void> run(Run r) {
        return CompletableFuture.runAsync(() -> {
            try {
                r.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, threads);
    }
}

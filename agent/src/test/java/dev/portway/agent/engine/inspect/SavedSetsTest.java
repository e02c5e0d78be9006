// Saved sets' files: owner-only (0700 directory, 0600 files, no temp file left), read back as saved, counted without
// being parsed, names checked (no dot first, no path), and capped in number of sets and of exchanges per set.
package dev.portway.agent.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.Body;
import dev.portway.agent.engine.Exchange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedSetsTest {
    @TempDir
    Path dir;

    static Exchange exchange(String target, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return new Exchange(7, Instant.parse("2026-01-01T10:00:00Z"), Exchange.State.DONE, "POST", target,
                "HTTP/1.1", List.of(new Exchange.Header("Authorization", "Bearer s3cret")), new Body(b, b.length),
                200, "OK", List.of(new Exchange.Header("Content-Type", "text/plain")), new Body(b, b.length), 3, null,
                0, 0);
    }

    @Test
    void savesOwnerOnlyAndReadsBackTheRawValues() throws Exception {
        Path sets = dir.resolve("portway").resolve("inspect-sets");
        SavedSets saved = new SavedSets(sets);
        assertEquals(List.of(), saved.list(), "no directory yet: no sets");
        // A body that looks like an entry's key: inside a JSON string its newline and quotes are escaped.
        String tricky = "a\n  \"startedDateTime\" : \"x\"";
        SavedSets.Info info = saved.save("check-out_1.v2", List.of(exchange("/a?token=t", "one"),
                exchange("/b", tricky)));
        assertEquals(2, info.count());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sets)));
        Path file = sets.resolve("check-out_1.v2.har");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (Stream<Path> all = Files.list(sets)) {
            assertEquals(List.of(file), all.toList(), "no temp file left behind");
        }
        assertEquals(List.of(new SavedSets.Info("check-out_1.v2", 2, info.saved())), saved.list());

        SavedSets.Saved back = saved.read("check-out_1.v2").orElseThrow();
        assertEquals(List.of("/a?token=t", "/b"), back.exchanges().stream().map(Exchange::target).toList());
        assertEquals("Bearer s3cret", back.exchanges().get(0).requestHeader("Authorization").orElseThrow(),
                "raw values: a set is replayed");
        assertEquals(tricky, back.exchanges().get(1).requestBody().text());
        assertTrue(saved.delete("check-out_1.v2"));
        assertFalse(saved.delete("check-out_1.v2"));
        assertTrue(saved.read("check-out_1.v2").isEmpty());
    }

    @Test
    void namesAreShortPlainAndNeverHiddenOrPaths() {
        for (String good : List.of("a", "A.b-c_9", "n".repeat(64), "-x", "_")) {
            assertTrue(SavedSets.validName(good), good);
        }
        for (String bad : List.of("", ".", "..", ".x", "n".repeat(65), "a/b", "../x", "a b", "é", "a\\b", "a:b")) {
            assertFalse(SavedSets.validName(bad), bad);
            SavedSets.Refused r = assertThrows(SavedSets.Refused.class, () -> new SavedSets(dir).save(bad,
                    List.of(exchange("/", "x"))), bad);
            assertEquals("bad_name", r.code());
        }
        assertThrows(SavedSets.Refused.class, () -> new SavedSets(dir).read("../etc"));
        assertThrows(SavedSets.Refused.class, () -> new SavedSets(dir).delete(".x"));
    }

    @Test
    void capsTheSetsAndTheirExchanges() {
        SavedSets saved = new SavedSets(dir);
        assertEquals("too_many_exchanges", assertThrows(SavedSets.Refused.class, () -> saved.save("big",
                Collections.nCopies(SavedSets.MAX_EXCHANGES + 1, exchange("/", "x")))).code());
        assertEquals("too_many_exchanges", assertThrows(SavedSets.Refused.class, () -> saved.save("none",
                List.of())).code());
        byte[] cut = new byte[10];
        Exchange bigBody = new Exchange(3, Instant.EPOCH, Exchange.State.DONE, "POST", "/", "HTTP/1.1", List.of(),
                new Body(cut, 100), 200, "OK", List.of(), null, 1, null, 0, 0);
        assertEquals("not_replayable", assertThrows(SavedSets.Refused.class, () -> saved.save("cut",
                List.of(bigBody))).code());
        assertEquals(SavedSets.MAX_EXCHANGES, saved.save("full", Collections.nCopies(SavedSets.MAX_EXCHANGES,
                exchange("/", "x"))).count());
        for (int i = 1; i < SavedSets.MAX_SETS; i++) {
            saved.save("s" + i, List.of(exchange("/", "x")));
        }
        assertEquals(SavedSets.MAX_SETS, saved.list().size());
        assertEquals(SavedSets.MAX_EXCHANGES, saved.list().get(0).count(), "full, counted: " + saved.list().get(0));
        assertEquals("too_many_sets", assertThrows(SavedSets.Refused.class, () -> saved.save("one-more",
                List.of(exchange("/", "x")))).code());
        saved.save("s1", List.of(exchange("/", "x"), exchange("/", "y")));
        assertEquals(2, saved.read("s1").orElseThrow().info().count(), "a taken name is replaced");
    }
}

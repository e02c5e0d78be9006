// --acme-dns-hook is split into words without a shell: blanks separate, quotes and backslashes keep them.
package dev.portway.server.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class HookCommandTest {
    @Test
    void blanksSeparateWordsAndQuotesKeepThem() {
        assertEquals(List.of("/usr/local/bin/dns-hook"), HookCommand.parse("  /usr/local/bin/dns-hook ").words());
        assertEquals(List.of("/opt/hook", "--zone", "example.org"),
                HookCommand.parse("/opt/hook  --zone\texample.org").words());
        assertEquals(List.of("sh", "-c", "exec dns \"$@\"", "hook"),
                HookCommand.parse("sh -c 'exec dns \"$@\"' hook").words());
        assertEquals(List.of("/opt/my hook", "a\"b", "c\\d"), HookCommand.parse("\"/opt/my hook\" \"a\\\"b\" c\\\\d")
                .words());
        assertEquals(List.of("/opt/my hook"), HookCommand.parse("/opt/my\\ hook").words());
        assertEquals(List.of("--x=", "a b"), HookCommand.parse("--x='' 'a b'").words());
        assertEquals(List.of("a", "", "b"), HookCommand.parse("a '' b").words());
    }

    @Test
    void theActionFqdnAndValueComeLast() {
        assertEquals(List.of("sh", "-c", "x", "hook", "present", "_acme-challenge.example.org.", "v4lue"),
                HookCommand.parse("sh -c x hook").with("present", "_acme-challenge.example.org.", "v4lue"));
    }

    @Test
    void anOpenQuoteOrNothingIsAPlainError() {
        assertEquals("--acme-dns-hook: a single quote is not closed",
                assertThrows(IllegalArgumentException.class, () -> HookCommand.parse("sh -c 'x")).getMessage());
        assertEquals("--acme-dns-hook: a double quote is not closed",
                assertThrows(IllegalArgumentException.class, () -> HookCommand.parse("\"/opt/x")).getMessage());
        assertEquals("--acme-dns-hook is empty",
                assertThrows(IllegalArgumentException.class, () -> HookCommand.parse("   ")).getMessage());
    }

    @Test
    void aPathThatIsNotAnExecutableFileIsRefusedAtOnce() {
        assertEquals("--acme-dns-hook: /nonexistent/dns-hook is not an executable file",
                assertThrows(IllegalArgumentException.class,
                        () -> HookCommand.parse("/nonexistent/dns-hook present").checkRunnable()).getMessage());
        HookCommand.parse("/bin/sh -c true").checkRunnable();
        HookCommand.parse("sh -c true").checkRunnable();
    }
}

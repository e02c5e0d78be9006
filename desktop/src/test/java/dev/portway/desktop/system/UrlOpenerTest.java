// The ways to open a page are tried in order until one works; none working is said, so the app can show the address.
package dev.portway.desktop.system;

import dev.portway.agent.system.Os;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UrlOpenerTest {
    private static final String PAGE = "https://example.com:9443/admin";

    /** A launcher we own: records what it was asked to open and answers as told. */
    private static final class FakeLauncher implements UrlOpener.Launcher {
        final List<String> asked = new ArrayList<>();
        private final Boolean answer;

        /** answer: true opened, false could not, null throws (as a missing command does). */
        FakeLauncher(Boolean answer) {
            this.answer = answer;
        }

        @Override
        public boolean open(String url) throws IOException {
            asked.add(url);
            if (answer == null) {
                throw new IOException("Cannot run program \"xdg-open\": error=2, No such file or directory");
            }
            return answer;
        }
    }

    @Test
    void eachWayIsTriedInTurnUntilOneOpensThePage() {
        FakeLauncher desktop = new FakeLauncher(null);
        FakeLauncher command = new FakeLauncher(false);
        FakeLauncher works = new FakeLauncher(true);
        FakeLauncher never = new FakeLauncher(true);
        assertTrue(new UrlOpener(List.of(desktop, command, works, never)).open(PAGE));
        assertEquals(List.of(PAGE), desktop.asked);
        assertEquals(List.of(PAGE), command.asked);
        assertEquals(List.of(PAGE), works.asked);
        assertEquals(List.of(), never.asked, "the page opens once");
    }

    @Test
    void whenEveryWayFailsTheCallerIsTold() {
        FakeLauncher throwing = new FakeLauncher(null);
        FakeLauncher refusing = new FakeLauncher(false);
        assertFalse(new UrlOpener(List.of(throwing, refusing)).open(PAGE));
        assertEquals(List.of(PAGE), throwing.asked);
        assertEquals(List.of(PAGE), refusing.asked);
        assertFalse(new UrlOpener(List.of()).open(PAGE));
    }

    @Test
    void onlyWebAddressesAreHandedToALauncher() {
        FakeLauncher launcher = new FakeLauncher(true);
        UrlOpener opener = new UrlOpener(List.of(launcher));
        for (String notAPage : new String[]{"file:///etc/passwd", "--help", "javascript:alert(1)", "http://", ""}) {
            assertFalse(opener.open(notAPage), notAPage);
        }
        assertEquals(List.of(), launcher.asked);
        assertTrue(opener.open("http://127.0.0.1:7070/admin"));
    }

    @Test
    void eachPlatformHasItsOpenerCommand() {
        assertEquals(List.of("xdg-open", PAGE), UrlOpener.command(Os.LINUX, PAGE));
        assertEquals(List.of("open", PAGE), UrlOpener.command(Os.MAC, PAGE));
        assertEquals(List.of("rundll32", "url.dll,FileProtocolHandler", PAGE),
                UrlOpener.command(Os.WINDOWS, PAGE));
    }

    /** What the command launcher makes of real processes (stand-ins for xdg-open; no browser is started). */
    @Test
    void aCommandWorkedWhenItExitsZeroAndFailedOtherwise() throws Exception {
        assertTrue(UrlOpener.run(List.of("sh", "-c", "exit 0")));
        // xdg-open exits 3 when no tool could open the page, 4 when the one it chose failed.
        assertFalse(UrlOpener.run(List.of("sh", "-c", "exit 3")));
        assertThrows(IOException.class, () -> UrlOpener.run(List.of("/nonexistent/xdg-open", PAGE)));
    }
}

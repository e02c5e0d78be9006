// The fixture the end-to-end tests share (a data directory and the server under test, closed after each test),
// declared once here instead of again in each test class of the server, agent and desktop.
package dev.portway.server;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extend it (or {@link ApiTestCase} for the API call helpers) and start the server in a {@code @BeforeEach} or in the
 * test: {@code server = servers.start(...)}. A subclass's own extensions register after {@link #servers}, so their
 * after-each work (a browser quit) is done before the server is closed.
 */
public abstract class ServerTestCase {
    @TempDir
    protected Path dir;
    protected PortwayServer server;
    @RegisterExtension
    protected final ServerUnderTest servers = new ServerUnderTest();
}

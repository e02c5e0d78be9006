// "portway server" with an identity provider, as a real process: the client secret comes from the file named by
// PORTWAY_OIDC_CLIENT_SECRET_FILE, the one redirect URI to register is printed at start, and a provider that cannot
// be reached does not keep the server from starting (discovery is lazy, with retry).
package dev.portway.agent.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.CliProcess;
import dev.portway.server.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
class OidcServerProcessTest {
    @TempDir
    Path dir;

    @Test
    void printsTheRedirectUriAndStartsWhileTheProviderIsDown() throws Exception {
        int closed = TestServers.freeRange(1); // nobody listens here once it is closed: the provider is down
        Path secret = Files.writeString(dir.resolve("secret"), "from-a-file\n");
        CliProcess cli = CliProcess.java(dev.portway.server.Main.class,
                Map.of("PORTWAY_OIDC_CLIENT_SECRET_FILE", secret.toString()), "--data",
                dir.resolve("data").toString(), "--bind", "127.0.0.1", "--api-port", "0", "--http-port", "0",
                "--https-port", "0", "--tunnel-port", "0", "--oidc-issuer", "http://127.0.0.1:" + closed + "/realm",
                "--oidc-client-id", "portway");
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> cli.lines.contains("ready"));
            String https = cli.lines.stream().filter(l -> l.startsWith("https ")).findFirst().orElseThrow();
            String port = https.replaceAll(".*:(\\d+)/.*", "$1");
            assertTrue(cli.lines.contains("oidc    http://127.0.0.1:" + closed + "/realm (register the redirect URI "
                    + "https://localhost:" + port + "/.portway/oidc/callback)"), String.join("\n", cli.lines));
            assertTrue(cli.lines.stream().noneMatch(l -> l.contains("from-a-file")), "the secret is never printed");
            cli.sigterm();
            assertTrue(cli.process.waitFor(20, TimeUnit.SECONDS), String.join("\n", cli.lines));
            assertEquals(0, cli.process.exitValue());
        } finally {
            cli.process.destroyForcibly();
        }
    }
}

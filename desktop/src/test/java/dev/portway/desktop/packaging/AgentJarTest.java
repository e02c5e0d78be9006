// The headless agent as shipped: agent/target/portway-agent.jar holds no JavaFX and runs a tunnel on its own.
package dev.portway.desktop.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.portway.agent.engine.ApiClient;
import dev.portway.protocol.Version;
import dev.portway.server.CliProcess;
import dev.portway.server.PortwayServer;
import dev.portway.server.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
class AgentJarTest {
    private static final Path JAR = Path.of(System.getProperty("portway.agentJar",
            "../agent/target/portway-agent.jar"));
    private static final List<String> UI_PACKAGES = List.of("javafx/", "com/sun/javafx/", "com/sun/glass/",
            "com/sun/prism/", "com/sun/openjfx/");

    @TempDir
    Path dir;

    private static CliProcess java(Path configHome, java.util.Map<String, String> env, String... args)
            throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("XDG_CONFIG_HOME", configHome.toString());
        pb.environment().putAll(env);
        return CliProcess.start(pb);
    }

    @Test
    void theAgentJarCarriesNoJavaFx() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "built by the agent module's package phase: " + JAR.toAbsolutePath());
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> ui = jar.stream().map(java.util.zip.ZipEntry::getName)
                    .filter(n -> UI_PACKAGES.stream().anyMatch(n::startsWith)
                            || n.contains("glass") && n.endsWith(".so"))
                    .toList();
            assertEquals(List.of(), ui);
            assertEquals("dev.portway.agent.cli.Main", jar.getManifest().getMainAttributes().getValue("Main-Class"));
            assertTrue(jar.getEntry("dev/portway/desktop/ui/PortwayApp.class") == null, "no app classes");
        }
        CliProcess version = java(dir, java.util.Map.of(), "--version");
        assertEquals(0, version.process.waitFor());
        assertEquals(List.of("Portway " + Version.PRODUCT), version.allLines());
    }

    @Test
    void theAgentJarServesATunnel() throws Exception {
        HttpServer origin = TestServers.origin(ex -> "served by the headless agent");
        try (PortwayServer server = PortwayServer.start(TestServers.config(dir.resolve("server")))) {
            ApiClient anonymous = new ApiClient(server.config().apiUrl(), null);
            anonymous.signup("agent-jar@example.com", "password1");
            String token = anonymous.login("agent-jar@example.com", "password1").token();
            CliProcess agent = java(dir.resolve("config"), java.util.Map.of("PORTWAY_SERVER",
                    server.config().apiUrl(), "PORTWAY_TOKEN", token), "connect", "--port",
                    Integer.toString(origin.getAddress().getPort()));
            try {
                // *.localhost names reach loopback, as browsers resolve them.
                okhttp3.OkHttpClient visitor = new okhttp3.OkHttpClient.Builder()
                        .dns(host -> List.of(java.net.InetAddress.getLoopbackAddress())).build();
                try (okhttp3.Response page = visitor.newCall(new okhttp3.Request.Builder().url(agent.onlineUrl())
                        .build()).execute()) {
                    assertEquals("served by the headless agent", page.body().string());
                }
            } finally {
                agent.process.destroy();
                agent.process.waitFor();
                origin.stop(0);
            }
        }
    }
}

// The Java options of the source tree's jvm.options, which the build copies into this jar: the one list every Portway
// launcher starts Java with, so that the agent's service and the server "portway up" starts match the scripts'.
package dev.portway.agent.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

public final class JvmOptions {
    private static final String RESOURCE = "jvm.options";

    private JvmOptions() {
    }

    /** The server's options (roles all and server). */
    public static List<String> server() {
        return of(read(), Set.of("all", "server"));
    }

    /** The command line's, the app's and the agent's options (roles all and client). */
    public static List<String> client() {
        return of(read(), Set.of("all", "client"));
    }

    /**
     * How a client program (the command line, the agent, the app) is started again outside its launcher: this java,
     * the client options, the given -D properties, then the program ("-jar", JAR, or "-cp", PATH, MAIN).
     */
    public static List<String> clientCommand(String java, List<String> properties, List<String> program) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(client());
        command.addAll(properties);
        command.addAll(program);
        return List.copyOf(command);
    }

    /** The options of the given roles in a jvm.options text, in file order; "#" starts a comment line. */
    public static List<String> of(String text, Set<String> roles) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.split("\\s+", 2)).filter(f -> f.length == 2 && roles.contains(f[0]))
                .map(f -> f[1].strip()).toList();
    }

    private static String read() {
        try (InputStream in = JvmOptions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar: the build copies it in");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

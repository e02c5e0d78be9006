// The server's package graph, read from its compiled classes by jdeps (in process): no package cycles, and the
// readers of live tunnels (API, metrics, events) never reach the link package, where links are opened and closed.
package dev.portway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PackageGraphTest {
    private static final String ROOT = "dev.portway.server";
    private static final Pattern EDGE = Pattern.compile("^\\s+(dev\\.portway\\.server\\S*)\\s+->\\s+"
            + "(dev\\.portway\\.server\\S*)");
    /** package → the server packages it uses */
    private static final Map<String, Set<String>> USES = new TreeMap<>();

    @BeforeAll
    static void readGraph() throws Exception {
        Path classes = Path.of(PortwayServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", "-e",
                "dev\\.portway\\.server.*", classes.toString());
        assertEquals(0, exit, out.toString());
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.find() && !m.group(1).equals(m.group(2))) {
                USES.computeIfAbsent(m.group(1), p -> new TreeSet<>()).add(m.group(2));
            }
        }
        assertTrue(USES.containsKey(ROOT + ".edge"), "jdeps found the edge's classes: " + out);
    }

    @Test
    void noPackageCycles() {
        assertEquals(List.of(), cycles());
    }

    @Test
    void readersOfLiveTunnelsNeverReachTheLinks() {
        for (String reader : List.of("api", "metrics", "events")) {
            Set<String> uses = USES.getOrDefault(ROOT + "." + reader, Set.of());
            assertTrue(uses.contains(ROOT + ".live") && !uses.contains(ROOT + ".link"), reader + " uses " + uses);
        }
    }

    /** Each strongly connected set of more than one package (Tarjan). */
    private static List<Set<String>> cycles() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        List<String> stack = new ArrayList<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> found = new ArrayList<>();
        for (String p : USES.keySet()) {
            if (!index.containsKey(p)) {
                connect(p, index, low, stack, onStack, found);
            }
        }
        return found;
    }

    private static void connect(String p, Map<String, Integer> index, Map<String, Integer> low, List<String> stack,
                                Set<String> onStack, List<Set<String>> found) {
        index.put(p, index.size());
        low.put(p, index.get(p));
        stack.add(p);
        onStack.add(p);
        for (String q : USES.getOrDefault(p, Set.of())) {
            if (!index.containsKey(q)) {
                connect(q, index, low, stack, onStack, found);
                low.put(p, Math.min(low.get(p), low.get(q)));
            } else if (onStack.contains(q)) {
                low.put(p, Math.min(low.get(p), index.get(q)));
            }
        }
        if (low.get(p).equals(index.get(p))) {
            Set<String> component = new TreeSet<>();
            String q;
            do {
                q = stack.remove(stack.size() - 1);
                onStack.remove(q);
                component.add(q);
            } while (!q.equals(p));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }
}

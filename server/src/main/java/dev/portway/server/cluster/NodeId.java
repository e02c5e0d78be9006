// This node's lasting name in the cluster: made at first start and kept in the data dir, so a restarted node takes
// back its own row instead of leaving a stranger's behind.
package dev.portway.server.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

final class NodeId {
    static final String FILE = "node-id";

    private NodeId() {
    }

    static String loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            String id = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!id.isEmpty()) {
                return id;
            }
        }
        String id = "n-" + UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
        return id;
    }
}

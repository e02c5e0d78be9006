// An agent config edited on Windows (CRLF line ends, Notepad's UTF-8 byte order mark) reads as the same config.
package dev.portway.agent.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgentConfigLineEndingsTest {
    private final AgentConfig written = new AgentConfig("https://portway.example.com:7070", null,
            List.of(new AgentConfig.Tunnel("web", "s1", "t1", "secret", "127.0.0.1:8080", "example.test", "30s")));

    @Test
    void crlfLineEndsReadAsTheSameConfig() {
        String crlf = written.toYaml().replace("\n", "\r\n");
        assertEquals(written.tunnels(), AgentConfig.parse(crlf).tunnels());
        assertEquals(written.server(), AgentConfig.parse(crlf).server());
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstSetting() {
        AgentConfig read = AgentConfig.parse("\uFEFF" + written.toYaml().replace("\n", "\r\n"));
        assertEquals(written.server(), read.server());
        assertEquals(written.tunnels(), read.tunnels());
    }
}

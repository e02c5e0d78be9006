// The inspector keeps the newest exchanges, each once and in its latest state.
package dev.portway.agent.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.agent.engine.Exchange;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExchangeLogTest {
    private static Exchange exchange(long id, Exchange.State state) {
        return new Exchange(id, Instant.EPOCH, state, "GET", "/" + id, "HTTP/1.1", List.of(), null, 0, null,
                List.of(), null, 0, null, 0, 0);
    }

    @Test
    void keepsTheNewestInTheirLatestState() {
        ExchangeLog log = new ExchangeLog(3);
        for (long id = 1; id <= 4; id++) {
            log.put(exchange(id, Exchange.State.PENDING));
        }
        log.put(exchange(3, Exchange.State.DONE));
        assertEquals(List.of(2L, 3L, 4L), log.all().stream().map(Exchange::id).toList());
        assertEquals(Exchange.State.DONE, log.all().get(1).state());
        log.put(exchange(5, Exchange.State.FAILED));
        assertEquals(List.of(3L, 4L, 5L), log.all().stream().map(Exchange::id).toList());
    }
}

// The inspector's memory stays bounded however long the agent runs (as InspectorMemoryTest for bodies): 100,000
// exchanges fed by two tunnels leave the log, its replay targets and each feed's id map at their count, and 100,000
// connections leave the connection list at its count. Asserted on the structures' sizes, not on the heap.
package dev.portway.agent.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.agent.engine.Connection;
import dev.portway.agent.engine.Exchange;
import dev.portway.agent.engine.LocalTarget;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class InspectorFeedMemoryTest {
    private static final int COUNT = 100_000;

    private static Exchange exchange(long id, Exchange.State state) {
        return new Exchange(id, Instant.now(), state, "GET", "/" + id, "HTTP/1.1", List.of(), null, 0, null,
                List.of(), null, 0, null, 0, 0);
    }

    @Test
    void aHundredThousandExchangesFromTwoTunnelsKeepTheLogItsTargetsAndItsIdMapsAtTheirCount() {
        ExchangeLog log = new ExchangeLog(ExchangeLog.KEEP);
        Consumer<Exchange> one = log.feed(new LocalTarget("127.0.0.1", 8000));
        Consumer<Exchange> two = log.feed(new LocalTarget("127.0.0.1", 9000));
        for (int i = 1; i <= COUNT / 2; i++) {
            for (Consumer<Exchange> feed : List.of(one, two)) {
                feed.accept(exchange(i, Exchange.State.PENDING));
                feed.accept(exchange(i, Exchange.State.DONE));
            }
        }
        assertEquals(ExchangeLog.KEEP, log.size());
        assertEquals(ExchangeLog.KEEP, log.targetsRemembered());
        assertEquals(ExchangeLog.KEEP, log.idsRemembered(one));
        assertEquals(ExchangeLog.KEEP, log.idsRemembered(two));
        assertEquals(COUNT, log.all().get(ExchangeLog.KEEP - 1).id(), "the newest are kept, each once");
    }

    @Test
    void aHundredThousandConnectionsKeepTheListAtItsCount() {
        ConnectionList list = new ConnectionList();
        for (long id = 1; id <= COUNT; id++) {
            long at = id;
            list.put(() -> new Connection(at, "tcp", "s1", "203.0.113.7:1000", null, Instant.now(),
                    Connection.State.OPEN, 0, 0, 0, 0, 0, 0, null));
            list.put(() -> new Connection(at, "tcp", "s1", "203.0.113.7:1000", null, Instant.now(),
                    Connection.State.CLOSED, 5, 10, 20, 0, 0, 0, null));
        }
        assertEquals(ConnectionList.KEEP, list.size());
        assertEquals(COUNT, list.all().get(ConnectionList.KEEP - 1).id());
    }
}

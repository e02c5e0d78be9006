// The inspector's connection list: bounded by count and by age (a fake clock), an open connection read live, its end
// taking its place, and watchers told of each change.
package dev.portway.agent.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portway.agent.engine.Connection;
import dev.portway.agent.engine.LiveConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionListTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static Connection connection(long id, Connection.State state, long bytesIn) {
        return new Connection(id, "tcp", "s1", "203.0.113.7:" + (1000 + id), null, T0, state, 5, bytesIn, 0, 0, 0,
                0, null);
    }

    /** A connection whose counts move while it is open, as a ConnectionTally's do. */
    private static final class Moving implements LiveConnection {
        final long id;
        long bytesIn;

        Moving(long id) {
            this.id = id;
        }

        @Override
        public Connection now() {
            return connection(id, Connection.State.OPEN, bytesIn);
        }
    }

    /** A clock that says now[0]. */
    private static Clock clock(Instant[] now) {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
    }

    private static List<Long> ids(ConnectionList list) {
        return list.all().stream().map(Connection::id).toList();
    }

    @Test
    void anOpenConnectionIsReadLiveUntilItsEndTakesItsPlace() {
        ConnectionList list = new ConnectionList();
        Moving open = new Moving(7);
        list.put(open);
        open.bytesIn = 42;
        assertEquals(42, list.all().get(0).bytesIn(), "read when listed, not when put");
        assertEquals(Connection.State.OPEN, list.all().get(0).state());
        list.put(connection(7, Connection.State.CLOSED, 50));
        open.bytesIn = 99;
        assertEquals(1, list.size(), "the same connection, listed once");
        assertEquals(Connection.State.CLOSED, list.all().get(0).state());
        assertEquals(50, list.all().get(0).bytesIn(), "the final counts, no longer the live ones");
    }

    @Test
    void keepsTheNewestByCountOldestFirst() {
        ConnectionList list = new ConnectionList(3, Duration.ofHours(1), Clock.systemUTC());
        for (long id = 1; id <= 5; id++) {
            list.put(new Moving(id));
        }
        assertEquals(List.of(3L, 4L, 5L), ids(list));
        list.put(connection(4, Connection.State.CLOSED, 1));
        assertEquals(List.of(3L, 4L, 5L), ids(list), "an end keeps its connection's place");
        assertEquals(ConnectionList.KEEP, 500);
    }

    @Test
    void dropsThoseOlderThanTheMaxAge() {
        Instant[] now = {T0};
        ConnectionList list = new ConnectionList(500, Duration.ofHours(1), clock(now));
        list.put(new Moving(1));
        now[0] = T0.plus(Duration.ofMinutes(30));
        list.put(new Moving(2));
        now[0] = T0.plus(Duration.ofMinutes(59));
        list.put(connection(1, Connection.State.CLOSED, 3));
        assertEquals(List.of(1L, 2L), ids(list));
        now[0] = T0.plus(Duration.ofMinutes(61));
        assertEquals(List.of(2L), ids(list), "aged from when it was first listed, not from its end");
        now[0] = T0.plus(Duration.ofMinutes(91));
        assertEquals(List.of(), ids(list));
        assertEquals(0, list.size());
        assertEquals(Duration.ofHours(1), ConnectionList.MAX_AGE);
    }

    @Test
    void watchersAreToldOfEachChangeUntilTheyStop() {
        ConnectionList list = new ConnectionList();
        List<String> seen = new ArrayList<>();
        Runnable stop = list.watch(c -> seen.add(c.id() + " " + c.state()));
        list.put(new Moving(1));
        list.put(connection(1, Connection.State.FAILED, 0));
        stop.run();
        list.put(new Moving(2));
        assertEquals(List.of("1 OPEN", "1 FAILED"), seen);
    }

    @Test
    void refusesAListThatKeepsNothing() {
        assertThrows(IllegalArgumentException.class, () -> new ConnectionList(0, Duration.ofHours(1),
                Clock.systemUTC()));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionList(1, Duration.ZERO, Clock.systemUTC()));
    }
}

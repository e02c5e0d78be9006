// The inspector keeps the newest exchanges, each once and in its latest state, and none older than its age limit.
package dev.portway.agent.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.agent.engine.Exchange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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

    @Test
    void dropsThoseHeldLongerThanTheAgeLimitEvenBelowTheCount() {
        Instant[] now = {Instant.parse("2026-01-01T10:00:00Z")};
        Clock clock = new Clock() {
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
        ExchangeLog log = new ExchangeLog(100, Duration.ofHours(1), clock);
        log.put(exchange(1, Exchange.State.PENDING));
        now[0] = now[0].plus(Duration.ofMinutes(30));
        log.put(exchange(2, Exchange.State.DONE));
        log.put(exchange(1, Exchange.State.DONE)); // a later snapshot: its age still counts from when it came
        now[0] = now[0].plus(Duration.ofMinutes(30));
        assertEquals(List.of(1L, 2L), log.all().stream().map(Exchange::id).toList(), "exactly an hour is kept");
        now[0] = now[0].plusMillis(1);
        assertEquals(List.of(2L), log.all().stream().map(Exchange::id).toList());
        assertEquals(1, log.size());
        now[0] = now[0].plus(Duration.ofMinutes(30));
        assertEquals(List.of(), log.all());
    }
}

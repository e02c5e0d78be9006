// The inspector keeps the newest exchanges, each once and in its latest state.
package dev.portway.agent.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.agent.engine.Exchange;
import dev.portway.agent.engine.LocalTarget;
import java.util.ArrayList;
import java.util.function.Consumer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExchangeLogTest {
    private static Exchange exchange(long id, Exchange.State state) {
        return new Exchange(id, Instant.EPOCH, state, "GET", "/" + id, "HTTP/1.1", List.of(), null, 0, null,
                List.of(), null, 0, null, 0, 0);
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

    @Test
    void isWatchedWhileAnEventsClientFollowsOrForAWhileAfterAnApiCall() {
        Instant[] now = {Instant.parse("2026-01-01T10:00:00Z")};
        ExchangeLog log = new ExchangeLog(100, Duration.ofHours(1), clock(now));
        assertEquals(false, log.watched(), "nobody has looked yet: no capture");
        Runnable unwatch = log.watch(e -> { });
        assertEquals(true, log.watched(), "an events client follows");
        unwatch.run();
        assertEquals(false, log.watched());
        log.lookedAt();
        now[0] = now[0].plus(ExchangeLog.LOOKED_FOR).minusMillis(1);
        assertEquals(true, log.watched(), "an API call counts for LOOKED_FOR");
        now[0] = now[0].plusMillis(1);
        assertEquals(false, log.watched(), "then capture stops again");
    }

    @Test
    void aFollowerHearsEveryExchangeWithoutCountingAsSomeoneLooking() {
        ExchangeLog log = new ExchangeLog();
        List<Long> heard = new ArrayList<>();
        Runnable stop = log.follow(e -> heard.add(e.id()));
        assertEquals(false, log.watched(), "the app's pane follows all the time: no capture for it");
        log.feed(new LocalTarget("127.0.0.1", 1)).accept(exchange(7, Exchange.State.DONE));
        Exchange added = log.add(exchange(1, Exchange.State.DONE), null);
        log.put(exchange(added.id(), Exchange.State.DONE));
        assertEquals(List.of(1L, 2L, 2L), heard, "fed, added and put, under the log's ids");
        stop.run();
        log.add(exchange(1, Exchange.State.DONE), null);
        assertEquals(3, heard.size());
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
        ExchangeLog log = new ExchangeLog(100, Duration.ofHours(1), clock(now));
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

    @Test
    void tunnelsFedIntoOneLogGetIdsOfItsOwnAndRepliesGoToTheirService() {
        ExchangeLog log = new ExchangeLog();
        List<Exchange> told = new ArrayList<>();
        Runnable stop = log.watch(told::add);
        LocalTarget web = new LocalTarget("127.0.0.1", 8000);
        LocalTarget api = new LocalTarget("127.0.0.1", 9000);
        Consumer<Exchange> a = log.feed(web);
        Consumer<Exchange> b = log.feed(api);
        a.accept(exchange(1, Exchange.State.PENDING));
        b.accept(exchange(1, Exchange.State.PENDING));
        a.accept(exchange(1, Exchange.State.DONE));
        assertEquals(List.of(1L, 2L), log.all().stream().map(Exchange::id).toList(), "each tunnel counts from 1");
        assertEquals(Exchange.State.DONE, log.find(1).orElseThrow().state(), "a later snapshot keeps its id");
        assertEquals(web, log.target(1).orElseThrow());
        assertEquals(api, log.target(2).orElseThrow());
        Exchange imported = log.add(exchange(0, Exchange.State.DONE), null);
        assertEquals(3, imported.id());
        assertEquals(web, log.target(3).orElseThrow(), "an import replays to the first tunnel's service");
        assertEquals(List.of(1L, 2L, 1L, 3L), told.stream().map(Exchange::id).toList());
        stop.run();
        a.accept(exchange(2, Exchange.State.DONE));
        assertEquals(4, told.size(), "told nothing once stopped");
    }

    @Test
    void aLongPollOrWebSocketKeepsItsIdHoweverManyCameSince() {
        ExchangeLog log = new ExchangeLog(3);
        Consumer<Exchange> feed = log.feed(new LocalTarget("127.0.0.1", 8000));
        feed.accept(exchange(1, Exchange.State.PENDING));
        Exchange ws = new Exchange(2, Instant.EPOCH, Exchange.State.DONE, "GET", "/ws", "HTTP/1.1", List.of(), null,
                101, null, List.of(), null, 0, null, 0, 0);
        feed.accept(ws);
        for (long i = 3; i <= 12; i++) {
            feed.accept(exchange(i, Exchange.State.DONE));
        }
        List<Exchange> told = new ArrayList<>();
        log.watch(told::add);
        feed.accept(exchange(1, Exchange.State.DONE));
        feed.accept(new Exchange(2, Instant.EPOCH, Exchange.State.DONE, "GET", "/ws", "HTTP/1.1", List.of(), null,
                101, null, List.of(), null, 0, null, 40, 50));
        assertEquals(List.of(1L, 2L), told.stream().map(Exchange::id).toList(), "the rows they had, updated");
        feed.accept(exchange(13, Exchange.State.DONE));
        assertEquals(13L, told.get(told.size() - 1).id(), "a new one still gets a new id");
    }

    @Test
    void aTunnelIsTheFirstTargetFromItsFeedOnAndClearForgetsIt() {
        ExchangeLog log = new ExchangeLog();
        LocalTarget web = new LocalTarget("127.0.0.1", 8000);
        log.feed(web);
        assertEquals(Optional.of(web), log.firstTarget(), "before any exchange came");
        log.clear();
        assertEquals(Optional.empty(), log.firstTarget(), "the next user's imports do not go to this service");
        LocalTarget api = new LocalTarget("127.0.0.1", 9000);
        log.feed(api);
        assertEquals(Optional.of(api), log.target(log.addImported(exchange(0, Exchange.State.DONE)).id()));
    }

    @Test
    void remembersWhatAReplayAnswersAndWhatCameFromAHarUntilTheyGo() {
        ExchangeLog log = new ExchangeLog(3);
        LocalTarget service = new LocalTarget("127.0.0.1", 8080);
        log.feed(service);
        List<java.util.OptionalLong> toldReplayOf = new ArrayList<>();
        log.watch(e -> toldReplayOf.add(log.replayOf(e.id())));
        Exchange original = log.add(exchange(0, Exchange.State.DONE), service);
        Exchange answer = log.add(exchange(0, Exchange.State.DONE), service, original.id());
        Exchange imported = log.addImported(exchange(0, Exchange.State.DONE));
        assertEquals(java.util.OptionalLong.of(original.id()), log.replayOf(answer.id()));
        assertEquals(java.util.OptionalLong.of(original.id()), toldReplayOf.get(1), "known when the watchers hear");
        assertEquals(java.util.OptionalLong.empty(), log.replayOf(original.id()));
        assertEquals(List.of(false, false, true), List.of(log.imported(original.id()), log.imported(answer.id()),
                log.imported(imported.id())));
        assertEquals(Optional.of(service), log.target(imported.id()), "an import replays to the first tunnel's");
        log.add(exchange(0, Exchange.State.DONE), null);
        log.add(exchange(0, Exchange.State.DONE), null);
        log.add(exchange(0, Exchange.State.DONE), null);
        assertEquals(java.util.OptionalLong.empty(), log.replayOf(answer.id()), "forgotten with the exchange");
        assertEquals(false, log.imported(imported.id()));
    }
}

// The blocking threads once the server stops: a link's traffic totals are still saved (on the caller's thread),
// while a notice nobody is left to hear is dropped instead of throwing on an event loop.
package dev.portway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BlockingWorkTest {
    @Test
    void workRunsOnABlockingThreadWhileTheServerRuns() throws Exception {
        try (BlockingWork blocking = new BlockingWork()) {
            CountDownLatch ran = new CountDownLatch(2);
            List<String> threads = new ArrayList<>();
            Runnable work = () -> {
                synchronized (threads) {
                    threads.add(Thread.currentThread().getName());
                }
                ran.countDown();
            };
            blocking.offLoop(work);
            blocking.surely(work);
            assertTrue(ran.await(5, TimeUnit.SECONDS));
            assertEquals(List.of("portway-blocking", "portway-blocking"), threads);
        }
    }

    @Test
    void onceStoppedWhatMustBeSavedRunsHereAndTheRestIsDropped() {
        BlockingWork blocking = new BlockingWork();
        blocking.close();
        List<String> ran = new ArrayList<>();
        blocking.offLoop(() -> ran.add("notice"));
        blocking.surely(() -> ran.add("totals on " + Thread.currentThread().getName()));
        assertEquals(List.of("totals on " + Thread.currentThread().getName()), ran);
    }
}

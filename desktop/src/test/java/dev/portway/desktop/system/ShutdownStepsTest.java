// On a SIGTERM the app's clean-up runs before "up" stops its local server (it deletes sockets through it), whatever
// order they were added in; a step taken back does not run, and a failing one does not stop the rest.
package dev.portway.desktop.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ShutdownStepsTest {
    @Test
    void theCleanUpRunsBeforeTheServerStopsAndATakenBackStepNotAtAll() {
        ShutdownSteps steps = new ShutdownSteps();
        List<String> ran = new CopyOnWriteArrayList<>();
        // As in "up": the server starts (and its stop is added) before the app exists.
        steps.add(ShutdownSteps.Phase.STOP_SERVER, () -> ran.add("stop server"));
        steps.add(ShutdownSteps.Phase.CLEAN_UP, () -> {
            throw new IllegalStateException("the server did not answer");
        });
        steps.add(ShutdownSteps.Phase.CLEAN_UP, () -> ran.add("delete temporary sockets"));
        Runnable takeBack = steps.add(ShutdownSteps.Phase.CLEAN_UP, () -> ran.add("quit already cleaned up"));
        takeBack.run();
        steps.run();
        assertEquals(List.of("delete temporary sockets", "stop server"), ran);
    }
}

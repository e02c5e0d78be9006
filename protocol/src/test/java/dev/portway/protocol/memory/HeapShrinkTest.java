// The idle collection: it runs a full collection and leaves the heap free ratios the process had, whatever they were.
package dev.portway.protocol.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class HeapShrinkTest {
    private final HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    @Test
    void collectsAndPutsTheRatiosBack() {
        String min = vm.getVMOption("MinHeapFreeRatio").getValue();
        String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
        long before = collections();
        new HeapShrink().run();
        assertTrue(collections() > before, "a collection ran");
        assertEquals(min, vm.getVMOption("MinHeapFreeRatio").getValue());
        assertEquals(max, vm.getVMOption("MaxHeapFreeRatio").getValue());
    }

    @Test
    void ratiosTighterThanTheIdleOnesAreKept() {
        String min = vm.getVMOption("MinHeapFreeRatio").getValue();
        String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
        try {
            vm.setVMOption("MinHeapFreeRatio", "5");
            vm.setVMOption("MaxHeapFreeRatio", "15");
            new HeapShrink().run();
            assertEquals("5", vm.getVMOption("MinHeapFreeRatio").getValue());
            assertEquals("15", vm.getVMOption("MaxHeapFreeRatio").getValue());
        } finally {
            vm.setVMOption("MaxHeapFreeRatio", max);
            vm.setVMOption("MinHeapFreeRatio", min);
        }
    }
}

// The idle trim's collection: a full GC under tight heap free ratios, so the collector hands back all but a little
// headroom over the live set, then the ratios the process runs its traffic with again (a heap kept that tight
// under load collects in full every time it has to grow).
package dev.portway.protocol.memory;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

final class HeapShrink implements Runnable {
    /** At most this much of the heap left free after the idle collection (MaxHeapFreeRatio, in %). */
    static final int IDLE_MAX_FREE = 30;
    static final int IDLE_MIN_FREE = 10;
    private static final String MIN = "MinHeapFreeRatio";
    private static final String MAX = "MaxHeapFreeRatio";

    @Override
    public void run() {
        // Looked up on the first trim, not at start: the management classes are loaded only by a process that
        // carried traffic.
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String min = vm.getVMOption(MIN).getValue();
        String max = vm.getVMOption(MAX).getValue();
        // Max never below min: lower min first, raise max first.
        vm.setVMOption(MIN, Integer.toString(Math.min(IDLE_MIN_FREE, Integer.parseInt(min))));
        vm.setVMOption(MAX, Integer.toString(Math.min(IDLE_MAX_FREE, Integer.parseInt(max))));
        try {
            System.gc();
        } finally {
            vm.setVMOption(MAX, max);
            vm.setVMOption(MIN, min);
        }
    }
}

// The app's inspector port from -Dportway.inspect.port: a port, off, 4040 when unset, and a bad value said plainly.
package dev.portway.desktop.ui.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class InspectPortTest {
    @Test
    void aPortOffOrNothing() {
        assertEquals(4040, Inspectors.port(null));
        assertEquals(4040, Inspectors.port(" "));
        assertEquals(0, Inspectors.port("0"));
        assertEquals(5050, Inspectors.port(" 5050 "));
        assertNull(Inspectors.port("OFF"));
    }

    @Test
    void aBadValueIsSaidNotSilently4040() {
        for (String bad : new String[]{"40x0", "70000", "-1"}) {
            var said = assertThrows(IllegalArgumentException.class, () -> Inspectors.port(bad));
            assertEquals("-Dportway.inspect.port is a port from 0 to 65535 or off, not \"" + bad + "\": the "
                    + "inspector page is on 4040 or the next free port", said.getMessage());
        }
    }
}

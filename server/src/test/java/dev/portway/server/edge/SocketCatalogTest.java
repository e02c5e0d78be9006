// The catalog withdraws a socket's name only while the name is still that socket's: on a cluster a poll may put a
// new socket of the same name (a --subdomain deleted and made again) before it removes the old one.
package dev.portway.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.store.SocketRecord;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SocketCatalogTest {
    private static SocketRecord socket(String id, String dnsName) {
        return SocketRecord.open(id, "u1", dnsName, dnsName, "http", null, "2026-01-01T00:00:00Z");
    }

    @Test
    void removingAnOldSocketLeavesTheNewOneOfTheSameNameServed() {
        SocketCatalog catalog = new SocketCatalog();
        List<String> dropped = new CopyOnWriteArrayList<>();
        catalog.listen(new SocketCatalog.Listener() {
            @Override
            public void served(EdgeSocket socket) {
            }

            @Override
            public void dropped(String dnsName) {
                dropped.add(dnsName);
            }
        });
        SocketRecord old = socket("s1", "shop.example.com");
        SocketRecord again = socket("s2", "shop.example.com");
        catalog.put(old);
        catalog.put(again);
        catalog.remove(old);
        assertEquals("s2", catalog.byName("shop.example.com").orElseThrow().id(), "still routed to the new socket");
        assertEquals(List.of(), dropped, "its certificate is still wanted");
        catalog.forget("s1");
        assertEquals("s2", catalog.byName("shop.example.com").orElseThrow().id());
        assertEquals(List.of(), dropped);

        catalog.remove(again);
        assertTrue(catalog.byName("shop.example.com").isEmpty());
        assertEquals(List.of("shop.example.com"), dropped);
    }
}

// The new list "socket update" and the app send: names kept in order with their status, added once, removed only
// when there, compared as DNS compares them.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portway.protocol.api.CustomDomainInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomDomainListTest {
    private static CustomDomainInfo domain(String name) {
        return new CustomDomainInfo(name, CustomDomainInfo.VERIFIED, "_portway." + name, "v", null);
    }

    private static final List<CustomDomainInfo> TWO = List.of(domain("a.example.org"), domain("b.example.org"));

    @Test
    void addingAppendsAndKeepsTheNamesThereInTheirOrder() {
        assertEquals(List.of("a.example.org", "b.example.org", "c.example.org"),
                CustomDomainList.change(TWO, List.of("c.example.org"), List.of()));
        assertEquals(List.of("c.example.org"), CustomDomainList.change(List.of(), List.of("c.example.org"), List.of()));
    }

    @Test
    void addingANameAlreadyThereChangesNothing() {
        assertEquals(List.of("a.example.org", "b.example.org"),
                CustomDomainList.change(TWO, List.of("B.Example.ORG.", "b.example.org"), List.of()));
    }

    @Test
    void removingTakesTheNameOutInAnyCase() {
        assertEquals(List.of("b.example.org"), CustomDomainList.change(TWO, List.of(), List.of("A.example.org")));
        assertEquals(List.of(), CustomDomainList.change(TWO, List.of(), List.of("a.example.org", "b.example.org.")));
    }

    @Test
    void removingANameNotThereSaysWhichThereAre() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CustomDomainList.change(TWO, List.of(), List.of("x.example.org")));
        assertEquals("\"x.example.org\" is not one of this socket's custom domains (it has a.example.org, "
                + "b.example.org)", e.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> CustomDomainList.change(List.of(), List.of(), List.of("x.example.org")));
        assertEquals("\"x.example.org\" is not one of this socket's custom domains (it has none)", none.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> CustomDomainList.change(TWO, List.of(), List.of(" . ")));
        assertEquals("a custom domain to remove must not be empty", empty.getMessage());
    }

    @Test
    void namesAreSentAsTheServerKeepsThem() {
        assertEquals("app.example.org", CustomDomainList.normalize("  App.Example.Org. "));
    }
}

// A list typed into one field is split on commas and spaces alike, and an empty allow list means none at all.
package dev.portway.desktop.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class TypedListsTest {
    @Test
    void commasSpacesAndNewlinesAllSeparate() {
        assertEquals(List.of("a@example.com", "b.example", "10.0.0.0/8"),
                TypedLists.words("  a@example.com,b.example \n 10.0.0.0/8 ,, "));
        assertEquals(List.of(), TypedLists.words("  "));
    }

    @Test
    void anEmptyAllowListIsNoneRatherThanAnEmptyOne() {
        assertNull(TypedLists.allowList(" , "));
        assertEquals(List.of("192.0.2.0/24", "2001:db8::/32"), TypedLists.allowList("192.0.2.0/24 2001:db8::/32"));
    }
}

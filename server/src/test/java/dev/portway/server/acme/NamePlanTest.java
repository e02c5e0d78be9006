// Which certificate covers which name: each its own by HTTP-01, or with a DNS hook one "*.DOMAIN" + DOMAIN for the
// domain and every name one label under it; names no public CA issues for are never ordered.
package dev.portway.server.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NamePlanTest {
    @Test
    void withoutAHookEveryNameHasItsOwn() {
        NamePlan plan = new NamePlan("example.com", false);
        assertEquals(Optional.of("example.com"), plan.certificateFor("Example.COM"));
        assertEquals(Optional.of("blue-sea-0002.example.com"), plan.certificateFor("blue-sea-0002.example.com"));
        assertEquals(Optional.of("app.customer.org"), plan.certificateFor("app.customer.org"));
        assertEquals(List.of("app.customer.org"), plan.identifiers("app.customer.org"));
    }

    @Test
    void withAHookTheWildcardCoversTheDomainAndOneLabelUnderIt() {
        NamePlan plan = new NamePlan("example.com", true);
        assertEquals(Optional.of("*.example.com"), plan.certificateFor("example.com"));
        assertEquals(Optional.of("*.example.com"), plan.certificateFor("blue-sea-0002.example.com"));
        assertEquals(Optional.of("a.b.example.com"), plan.certificateFor("a.b.example.com"), "not covered by *.");
        assertEquals(Optional.of("app.customer.org"), plan.certificateFor("app.customer.org"), "custom: HTTP-01");
        assertEquals(List.of("example.com", "*.example.com"), plan.identifiers("*.example.com"));
        assertEquals(List.of("example.com", "*.example.com"), plan.servedAs("*.example.com"));
    }

    @Test
    void rowsAnotherSettingLeftAreNotOrdered() {
        NamePlan wildcard = new NamePlan("example.com", true);
        assertTrue(wildcard.orders("*.example.com"));
        assertTrue(wildcard.orders("app.customer.org"));
        assertFalse(wildcard.orders("blue-sea-0002.example.com"), "the wildcard covers it now");
        assertFalse(wildcard.orders("example.com"), "the wildcard covers it now");
        NamePlan each = new NamePlan("example.com", false);
        assertTrue(each.orders("blue-sea-0002.example.com"));
        assertFalse(each.orders("*.example.com"), "no hook: no DNS-01");
        assertFalse(wildcard.orders("*.other.org"));
    }

    @Test
    void namesNoPublicCaIssuesForAreNeverOrdered() {
        NamePlan plan = new NamePlan("localhost", false);
        for (String name : List.of("localhost", "blue-sea-0002.localhost", "127.0.0.1", "printer.local", "single",
                "-bad.example.com", "under_score.example.com", "")) {
            assertEquals(Optional.empty(), plan.certificateFor(name), name);
        }
    }
}

// Marks a fast regression test of an attack-run finding. It runs in every `verify`, and reliability/run runs it
// again (tag "attack") so that its case shows as a row of the table in docs/reliability.md.
package dev.portway.server.reliability;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Tag("attack")
@ExtendWith(AttackRows.class)
public @interface AttackCase {
    /** The case, as the table names it. */
    String value();

    /** What must happen. */
    String expected();
}

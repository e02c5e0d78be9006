// Writes one row per @AttackCase test: its case and expectation from the annotation, and what was seen (the time it
// took, or the failure).
package dev.portway.server.reliability;

import java.io.IOException;
import java.util.Locale;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

public final class AttackRows implements BeforeTestExecutionCallback, AfterTestExecutionCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(AttackRows.class);

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        context.getStore(NS).put("t0", System.nanoTime());
    }

    @Override
    public void afterTestExecution(ExtensionContext context) throws IOException {
        AttackCase attack = context.getRequiredTestMethod().getAnnotation(AttackCase.class);
        if (attack == null) {
            return;
        }
        long t0 = context.getStore(NS).getOrDefault("t0", Long.class, System.nanoTime());
        String took = String.format(Locale.ROOT, "held (%s, %.1f s)", context.getDisplayName(),
                (System.nanoTime() - t0) / 1e9);
        Throwable failure = context.getExecutionException().orElse(null);
        RowFile.write(attack.value(), attack.expected(), failure == null ? took : RowFile.failure(failure),
                failure == null);
    }
}

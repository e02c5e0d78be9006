// The HTTP-01 answers nodes share through the store: a challenge published by one node is answered by another
// (the CA may reach any), a withdrawn or unknown token by none.
package dev.portway.server.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.store.JdbcStore;
import dev.portway.server.store.Store;
import dev.portway.server.store.StoreLocation;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Http01AnswersTest {
    static final String TOKEN = "t".repeat(43);

    @TempDir
    Path dir;

    @Test
    void aChallengePublishedByOneNodeIsAnsweredByAnother() throws Exception {
        try (Store store = JdbcStore.open(StoreLocation.sqlite(dir.resolve("portway.db")));
             Http01Answers one = new Http01Answers(store.acme());
             Http01Answers other = new Http01Answers(store.acme())) {
            one.publish(TOKEN, TOKEN + ".thumbprint");
            assertEquals(Optional.of(TOKEN + ".thumbprint"), other.answer(TOKEN).get());
            assertEquals(Optional.empty(), other.answer("u".repeat(43)).get());
            one.withdraw(TOKEN);
            assertTrue(other.answer(TOKEN).get().isEmpty());
            assertTrue(one.answer(TOKEN).get().isEmpty());
        }
    }
}

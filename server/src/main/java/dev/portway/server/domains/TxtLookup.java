// Reads TXT records, the proof a custom domain's owner publishes.
package dev.portway.server.domains;

import java.util.List;

public interface TxtLookup {
    /** The TXT strings at name (each record's strings joined); empty when there is no such name or record. */
    List<String> txt(String name) throws Exception;
}

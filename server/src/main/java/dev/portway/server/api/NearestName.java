// The known name a mistyped one most likely meant ("allowed_ips" → "allow_ips", "type" → "socket_type"), if any.
package dev.portway.server.api;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

final class NearestName {
    /** Below this, a name is too short for "it is part of a longer one" to mean anything. */
    private static final int MIN_PART = 3;

    private NearestName() {
    }

    /**
     * The closest known name: the same name in another case or spelling of word breaks (allowIps), a few typed letters
     * off (at most a third of the name), or else a known name the typed one is part of, or that is part of it.
     */
    static Optional<String> among(String typed, Collection<String> known) {
        String t = plain(typed);
        String best = null;
        int bestScore = Integer.MAX_VALUE;
        for (String name : known) {
            int score = score(t, plain(name));
            if (score < bestScore) {
                best = name;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Lower is closer; MAX_VALUE: not close at all. Typing slips rank before parts, shorter gaps first. */
    private static int score(String typed, String name) {
        int distance = distance(typed, name);
        int allowed = Math.max(1, Math.min(typed.length(), name.length()) / 3);
        if (distance <= allowed) {
            return distance;
        }
        boolean part = Math.min(typed.length(), name.length()) >= MIN_PART
                && (name.contains(typed) || typed.contains(name));
        return part ? allowed + 1 + Math.abs(typed.length() - name.length()) : Integer.MAX_VALUE;
    }

    private static String plain(String name) {
        return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    /** Levenshtein distance: the fewest inserted, deleted or replaced characters from a to b. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int replace = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(replace, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

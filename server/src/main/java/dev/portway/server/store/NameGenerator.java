// Makes static public names of the form <adjective>-<noun>-<NNNN>, e.g. wandering-shape-7752.
package dev.portway.server.store;

import java.security.SecureRandom;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

public final class NameGenerator {
    static final List<String> ADJECTIVES = List.of(
            "ancient", "autumn", "billowing", "bitter", "black", "blue", "bold", "brave", "brisk", "calm",
            "crimson", "curly", "damp", "dawn", "delicate", "divine", "dry", "empty", "falling", "fancy",
            "flat", "floral", "fragrant", "frosty", "gentle", "green", "hidden", "holy", "icy", "jolly",
            "late", "lingering", "little", "lively", "long", "lucky", "misty", "morning", "muddy", "nameless",
            "noisy", "odd", "old", "orange", "patient", "plain", "polished", "proud", "purple", "quiet",
            "rapid", "raspy", "red", "restless", "rough", "round", "royal", "shiny", "shrill", "shy",
            "silent", "small", "snowy", "soft", "solitary", "sparkling", "spring", "square", "steep", "still",
            "summer", "super", "sweet", "throbbing", "tight", "tiny", "twilight", "wandering", "weathered",
            "white", "wild", "winter", "wispy", "withered", "yellow", "young");
    static final List<String> NOUNS = List.of(
            "art", "band", "bar", "base", "bird", "block", "boat", "bonus", "bread", "breeze",
            "brook", "bush", "butterfly", "cake", "cell", "cherry", "cloud", "credit", "darkness", "dawn",
            "dew", "disk", "dream", "dust", "feather", "field", "fire", "firefly", "flower", "fog",
            "forest", "frog", "frost", "glade", "glitter", "grass", "hall", "hat", "haze", "heart",
            "hill", "king", "lab", "lake", "leaf", "limit", "math", "meadow", "mode", "moon",
            "morning", "mountain", "mouse", "mud", "night", "paper", "pine", "poetry", "pond", "queen",
            "rain", "recipe", "resonance", "rice", "river", "salad", "scene", "sea", "shadow", "shape",
            "silence", "sky", "smoke", "snow", "snowflake", "sound", "star", "sun", "sunset", "surf",
            "term", "thunder", "tooth", "tree", "truth", "union", "unit", "violet", "voice", "water",
            "waterfall", "wave", "wildflower", "wind", "wood");
    private static final Pattern LABEL = Pattern.compile("[a-z]+-[a-z]+-\\d{4}");

    private final Random random;

    public NameGenerator() {
        this(new SecureRandom());
    }

    public NameGenerator(Random random) {
        this.random = random;
    }

    /** A fresh label; the caller appends the edge domain and retries on a collision. */
    public String next() {
        return ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "-"
                + NOUNS.get(random.nextInt(NOUNS.size())) + "-"
                + String.format("%04d", random.nextInt(10_000));
    }

    public static boolean isValidLabel(String label) {
        return LABEL.matcher(label).matches();
    }
}

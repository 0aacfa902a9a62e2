package paas.api.domain;

import java.util.List;
import java.util.random.RandomGenerator;

/** Makes Heroku-style names ("sleepy-river-4821") for apps created without one. */
public final class AppNameGenerator {
    private static final List<String> ADJECTIVES = List.of(
            "ancient", "autumn", "billowing", "bold", "brave", "calm", "cool", "crimson", "damp",
            "dawn", "dry", "floral", "fragrant", "frosty", "gentle", "glacial", "hidden", "icy",
            "lively", "misty", "morning", "polished", "proud", "quiet", "rapid", "shy", "silent",
            "sleepy", "snowy", "still", "sunny", "tranquil", "twilight", "wandering", "young");
    private static final List<String> NOUNS = List.of(
            "bay", "breeze", "brook", "cliff", "cloud", "dawn", "dew", "dune", "field", "fog",
            "forest", "frost", "glade", "grove", "harbor", "lake", "leaf", "meadow", "mesa",
            "mountain", "ocean", "peak", "pine", "plains", "reef", "river", "sea", "shore",
            "sky", "spring", "star", "stream", "sun", "thunder", "tundra", "valley", "wave");

    private final RandomGenerator random;

    public AppNameGenerator(RandomGenerator random) {
        this.random = random;
    }

    public AppName next() {
        return new AppName(pick(ADJECTIVES) + "-" + pick(NOUNS) + "-" + (10000 + random.nextInt(90000)));
    }

    private String pick(List<String> words) {
        return words.get(random.nextInt(words.size()));
    }
}

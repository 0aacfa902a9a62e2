package paas.api.service;

import java.security.SecureRandom;
import java.util.List;

/** Heroku-like certificate names: a city and five digits, {@code tokyo-12345}. Thread-safe. */
final class CertificateNames {
    private static final List<String> CITIES = List.of("tokyo", "osaka", "kyoto", "nagoya", "sapporo", "fukuoka",
            "kobe", "sendai", "nara", "yokohama", "hiroshima", "kagoshima", "nagano", "okayama", "shizuoka");
    private final SecureRandom random = new SecureRandom();

    String next() {
        return CITIES.get(random.nextInt(CITIES.size())) + "-" + (10000 + random.nextInt(90000));
    }
}

package paas.api.domain;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A backup of a PostgreSQL add-on, or a restore of one into it, as Heroku calls both: a transfer,
 * numbered per app ({@code b001} a manual backup, {@code a002} a scheduled one, {@code r003} a
 * restore). {@code sourceNum} is the backup a restore read.
 */
public record Transfer(UUID id, AppRef app, int num, Kind kind, UUID addonId, AddonName addonName,
                       Optional<Integer> sourceNum, Status status, OptionalLong sizeBytes, Optional<String> error,
                       Instant startedAt, Optional<Instant> finishedAt) {

    public Transfer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(addonId, "addonId");
        Objects.requireNonNull(addonName, "addonName");
        Objects.requireNonNull(sourceNum, "sourceNum");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(sizeBytes, "sizeBytes");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        if (num < 1) {
            throw new IllegalArgumentException("a transfer's number starts at 1, got " + num);
        }
    }

    /** {@code b001}: the kind's letter and the number, at least three digits, as Heroku shows it. */
    public String name() {
        return TransferName.format(kind, num);
    }

    public boolean isBackup() {
        return kind != Kind.RESTORE;
    }

    public enum Kind {
        MANUAL("manual", 'b'), SCHEDULED("scheduled", 'a'), RESTORE("restore", 'r');

        private final String value;
        private final char letter;

        Kind(String value, char letter) {
            this.value = value;
            this.letter = letter;
        }

        public String value() {
            return value;
        }

        public char letter() {
            return letter;
        }

        public static Kind of(String value) {
            for (Kind k : values()) {
                if (k.value.equals(value)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown transfer kind: " + value);
        }
    }

    public enum Status {
        RUNNING, COMPLETED, FAILED,
        /**
         * A restore cut off (paasd stopped or killed, the engine gone) after it may have committed:
         * its outcome is unknown, the data tells. Never a backup's: a cut-off backup has no whole
         * dump, so it failed.
         */
        INTERRUPTED;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status of(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}

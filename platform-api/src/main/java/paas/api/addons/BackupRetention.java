package paas.api.addons;

import paas.api.domain.Transfer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which backups go once a new one completed: per app, add-on and kind (manual, scheduled), the
 * newest {@code keep} completed backups stay. A failed backup has no file; its row stays while it
 * is among the newest {@code keep} of its kind, so a failure is seen, then goes. Running backups
 * and restores are never touched.
 */
record BackupRetention(int keepManual, int keepScheduled) {
    /** Heroku keeps about a week of daily backups; the same for manual ones here. */
    static final int DEFAULT_KEEP = 7;

    BackupRetention {
        if (keepManual < 1 || keepScheduled < 1) {
            throw new IllegalArgumentException("at least one backup of each kind is kept, got " + keepManual + " and "
                    + keepScheduled);
        }
    }

    /** The transfers to delete among {@code transfers} (one app's, of any add-on and kind). */
    List<Transfer> expired(List<Transfer> transfers) {
        List<Transfer> expired = new ArrayList<>();
        transfers.stream().filter(Transfer::isBackup).filter(t -> t.status() != Transfer.Status.RUNNING)
                .collect(java.util.stream.Collectors.groupingBy(t -> t.addonId() + "/" + t.kind(),
                        java.util.LinkedHashMap::new, java.util.stream.Collectors.toList()))
                .values().forEach(group -> {
                    List<Transfer> newestFirst = group.stream().sorted(Comparator.comparingInt(Transfer::num).reversed())
                            .toList();
                    int keep = newestFirst.getFirst().kind() == Transfer.Kind.SCHEDULED ? keepScheduled : keepManual;
                    int completed = 0;
                    for (int i = 0; i < newestFirst.size(); i++) {
                        Transfer t = newestFirst.get(i);
                        boolean kept = t.status() == Transfer.Status.COMPLETED ? completed++ < keep : i < keep;
                        if (!kept) {
                            expired.add(t);
                        }
                    }
                });
        return expired;
    }
}

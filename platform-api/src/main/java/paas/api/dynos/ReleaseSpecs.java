package paas.api.dynos;

import paas.api.domain.DynoSizes;
import paas.api.service.ReleasePhase;
import paas.api.store.FormationStore;
import paas.process.Artifact;
import paas.process.Formation;
import paas.process.ProcessFormation;
import paas.process.Release;
import paas.vocabulary.DynoSize;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Translates the control plane's records into what the process manager runs. Thread-safe. */
public final class ReleaseSpecs {
    private final Function<String, Optional<Path>> slugPaths;
    private final DynoSizes sizes;

    /**
     * @param slugPaths the slug file for a sha256, empty when the slug store lacks it
     * @param sizes     the platform's dyno sizes
     */
    public ReleaseSpecs(Function<String, Optional<Path>> slugPaths, DynoSizes sizes) {
        this.slugPaths = slugPaths;
        this.sizes = sizes;
    }

    /** The release as the process manager takes it; empty when its slug file is missing. */
    public Optional<Release> release(AppState.RunnableRelease r) {
        if (r.image()) {
            return Optional.of(new Release(r.release().version(), new Artifact.EngineImage(r.slugSha256()), r.config()));
        }
        return slugPaths.apply(r.slugSha256())
                .map(path -> new Release(r.release().version(), r.slugSha256(), path, r.config()));
    }

    /**
     * The formation to run: each process type of the live release (but the release phase's) with
     * its scaled quantity and size, 0 when never scaled. Empty when nothing can run.
     */
    public Optional<Formation> formation(AppState state) {
        if (state.live().isEmpty()) {
            return Optional.empty();
        }
        AppState.RunnableRelease live = state.live().get();
        Optional<Release> release = release(live);
        if (release.isEmpty()) {
            return Optional.empty();
        }
        Map<String, ProcessFormation> processes = new HashMap<>();
        live.release().processTypes().forEach((type, command) -> {
            if (type.equals(ReleasePhase.PROCESS_TYPE) || type.equals("run") || command.isBlank()) {
                return;
            }
            FormationStore.Row row = state.formation().get(type);
            int quantity = row == null ? 0 : row.quantity();
            String size = row == null ? sizes.defaultSize() : row.size();
            processes.put(type, new ProcessFormation(type, quantity, size(size), command));
        });
        return Optional.of(new Formation(state.name().value(), release.get(), processes));
    }

    /** The process manager's limits for a size name; unknown names (a size removed from config) get the default. */
    public DynoSize size(String name) {
        return sizes.byName().getOrDefault(name, sizes.byName().get(sizes.defaultSize()));
    }
}

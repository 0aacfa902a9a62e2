package paas.api;

import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Which dyno runtime paasd uses, from PAAS_RUNTIME and whether a Docker engine answers at start.
 * The engine is asked only when PAAS_RUNTIME is unset.
 */
enum RuntimeChoice {
    /** Containers on the Docker engine. */
    DOCKER,
    /** Child processes of paasd (PAAS_RUNTIME=local only). */
    LOCAL,
    /**
     * PAAS_RUNTIME unset and no engine answered: no dyno runs until one does, then containers.
     * Never local processes meanwhile: the app's containers would run as well once the engine is
     * back, so the app would run twice.
     */
    DOCKER_ONCE_ENGINE_ANSWERS;

    static RuntimeChoice of(Optional<String> configured, BooleanSupplier engineAnswers) {
        if (configured.isPresent()) {
            return switch (configured.get()) {
                case "docker" -> DOCKER;
                case "local" -> LOCAL;
                default -> throw new IllegalArgumentException("PAAS_RUNTIME=" + configured.get()
                        + " passed PlatformConfig; it accepts " + PlatformConfig.RUNTIMES);
            };
        }
        return engineAnswers.getAsBoolean() ? DOCKER : DOCKER_ONCE_ENGINE_ANSWERS;
    }
}

package paas.api.domain;

/** A requested change to one process type's formation; a null field keeps its value. */
public record FormationUpdate(ProcessType type, Integer quantity, String size) {
}

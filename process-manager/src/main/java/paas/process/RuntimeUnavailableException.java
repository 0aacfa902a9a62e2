package paas.process;

/** The runtime's engine did not answer (Docker daemon down or its socket unreachable). */
public class RuntimeUnavailableException extends RuntimeException {
    public RuntimeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

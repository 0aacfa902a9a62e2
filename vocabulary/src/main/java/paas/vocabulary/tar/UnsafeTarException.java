package paas.vocabulary.tar;

import java.io.IOException;

/** A tar entry that was refused: it would leave its root, is of a refused type, or breaks a limit. */
public class UnsafeTarException extends IOException {
    public UnsafeTarException(String message) {
        super(message);
    }
}
